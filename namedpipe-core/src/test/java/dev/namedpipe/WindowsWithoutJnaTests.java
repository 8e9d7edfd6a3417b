package dev.namedpipe;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.testsupport.ExternalProgram;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Windows without JNA on the class path (JNA is an optional dependency of the core), a
 * bind says what to add instead of failing with a {@code NoClassDefFoundError} from inside
 * JNA: a child JVM runs {@link WindowsWithoutJnaProbe} with the test class path minus JNA.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsWithoutJnaTests {

	@TempDir
	Path directory;

	@Test
	void bindWithoutJnaNamesTheMissingDependency() throws Exception {
		String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).getFileName().toString().startsWith("jna"))
			.collect(Collectors.joining(File.pathSeparator));
		ExternalProgram probe = ExternalProgram.start(this.directory, Map.of(),
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
						WindowsWithoutJnaProbe.class.getName()))
			.await();
		assertThat(probe.exitCode()).as("%s", probe).isZero();
		assertThat(probe.stdout().strip()).isEqualTo("IllegalStateException: Named pipes on Windows need JNA: add "
				+ "net.java.dev.jna:jna and net.java.dev.jna:jna-platform (5.x) to the class path "
				+ "(namedpipe-spring-boot-starter brings them)");
	}

}
