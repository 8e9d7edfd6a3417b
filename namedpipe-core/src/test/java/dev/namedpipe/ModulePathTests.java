package dev.namedpipe;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import dev.namedpipe.testsupport.ModuleLayers;
import dev.namedpipe.testsupport.PipeNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The module on the module path, in a layer of its own: what it exports and opens, that its
 * internals are closed to other modules, and that it binds, accepts and serves a connection
 * there (on Windows with JNA as automatic modules, through the {@code opens} for JNA). The
 * rest of the suite runs on the class path, as Boot applications do.
 */
class ModulePathTests {

	private Path directory;

	private ModuleLayer layer;

	private Module module;

	@BeforeEach
	void defineLayer() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		// JNA is an optional dependency (requires static): on Windows it is resolved as a root.
		this.layer = NamedPipePlatform.current().isWindows()
				? ModuleLayers.define(Set.of("dev.namedpipe", "com.sun.jna.platform"), NamedPipeTransport.class,
						Nullable.class, Logger.class, Native.class, Kernel32.class)
				: ModuleLayers.define(Set.of("dev.namedpipe"), NamedPipeTransport.class, Nullable.class, Logger.class);
		this.module = this.layer.findModule("dev.namedpipe").orElseThrow();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void isANamedModuleThatExportsTheApiOnly() {
		assertThat(this.module.isNamed()).isTrue();
		assertThat(this.module.getDescriptor().isAutomatic()).isFalse();
		assertThat(this.module.getPackages()).contains("dev.namedpipe", "dev.namedpipe.spi", "dev.namedpipe.internal",
				"dev.namedpipe.unix", "dev.namedpipe.windows");
		Module other = getClass().getModule();
		assertThat(this.module.isExported("dev.namedpipe", other)).isTrue();
		assertThat(this.module.isExported("dev.namedpipe.spi", other)).isFalse();
		assertThat(this.module.isExported("dev.namedpipe.internal", other)).isFalse();
		assertThat(this.module.isExported("dev.namedpipe.unix", other)).isFalse();
		assertThat(this.module.isExported("dev.namedpipe.windows", other)).isFalse();
		// JNA only: the Win32 structures, and the C library's calls of socket activation
		assertThat(this.module.getDescriptor().opens())
			.extracting((opens) -> opens.source() + " to " + opens.targets())
			.containsExactlyInAnyOrder("dev.namedpipe.windows to [com.sun.jna]", "dev.namedpipe.unix to [com.sun.jna]");
	}

	@Test
	void internalsAreClosedToOtherModules() throws Exception {
		Class<?> threads = this.layer.findLoader("dev.namedpipe").loadClass("dev.namedpipe.internal.Threads");
		Method join = threads.getMethod("joinUninterruptibly", Thread.class);
		assertThatExceptionOfType(IllegalAccessException.class).isThrownBy(() -> join.invoke(null, Thread.currentThread()));
	}

	@Test
	void servesAConnectionOnTheModulePath() throws Exception {
		ClassLoader loader = this.layer.findLoader("dev.namedpipe");
		Class<?> transport = loader.loadClass("dev.namedpipe.NamedPipeTransport");
		Class<?> client = loader.loadClass("dev.namedpipe.NamedPipeClient");
		Class<?> listenerType = loader.loadClass("dev.namedpipe.NamedPipeConnectionListener");
		Class<?> connectionType = loader.loadClass("dev.namedpipe.NamedPipeConnection");
		assertThat(transport.getModule()).isSameAs(this.module);
		String name = PipeNames.uniqueIn(this.directory);
		try (AutoCloseable listener = (AutoCloseable) transport.getMethod("bind", String.class).invoke(null, name);
				AutoCloseable connection = (AutoCloseable) client.getMethod("connect", String.class, Duration.class)
					.invoke(null, name, Duration.ofSeconds(30))) {
			OutputStream toServer = (OutputStream) connectionType.getMethod("outputStream").invoke(connection);
			toServer.write("over the module path\n".getBytes(StandardCharsets.US_ASCII));
			toServer.flush();
			try (AutoCloseable accepted = (AutoCloseable) listenerType.getMethod("accept", Duration.class)
				.invoke(listener, Duration.ofSeconds(30))) {
				InputStream fromClient = (InputStream) connectionType.getMethod("inputStream").invoke(accepted);
				assertThat(new String(fromClient.readNBytes(21), StandardCharsets.US_ASCII))
					.isEqualTo("over the module path\n");
			}
		}
	}

}
