package dev.namedpipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Unix the transport never loads a class of the Windows backend or of JNA (both are on
 * this test's class path): a child JVM runs the Unix transport with {@code -verbose:class}.
 */
@UnixOnly("what the Unix transport loads")
class WindowsBackendNotLoadedOnUnixTests {

	@Test
	void unixTransportLoadsNoWindowsOrJnaClass() throws Exception {
		List<String> output = runProbe();
		assertThat(output).contains("OK");
		assertThat(output).anyMatch((line) -> line.contains("dev.namedpipe.NamedPipeTransport "));
		assertThat(output).noneMatch(WindowsBackendNotLoadedOnUnixTests::isWindowsOrJna);
	}

	@Test
	void loadingAWindowsClassIsNoticed() throws Exception {
		List<String> output = runProbe("load-windows");
		assertThat(output).contains("OK");
		assertThat(output).anyMatch(WindowsBackendNotLoadedOnUnixTests::isWindowsOrJna);
	}

	private static boolean isWindowsOrJna(String line) {
		return line.contains("dev.namedpipe.windows.") || line.contains("com.sun.jna.");
	}

	private static List<String> runProbe(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-verbose:class", "-cp",
				System.getProperty("java.class.path"), UnixOnlyProbe.class.getName()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
		return new String(output, StandardCharsets.UTF_8).lines().toList();
	}

}
