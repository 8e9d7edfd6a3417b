package dev.namedpipe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.PipeProbe;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * Helpers shared by the transport tests, on both platforms: unique pipes (a short socket path
 * in a directory of the test's own on Unix, a unique name on Windows), the check that a
 * listener let its name go, process and resource probes.
 */
final class TestPipes {

	private TestPipes() {
	}

	/**
	 * A pipe of its own: a short absolute socket path in the directory on Unix, a name unique
	 * to the directory on Windows (where the directory holds no pipe).
	 */
	static NamedPipeEndPoint endPointIn(Path directory) {
		return NamedPipeEndPoint.of(PipeNames.uniqueIn(directory));
	}

	/** A short private directory (socket paths are limited to 107 bytes). */
	static Path shortTempDirectory() throws IOException {
		return PipeNames.shortTempDirectory();
	}

	static NamedPipeConnectionListener bind(NamedPipeEndPoint endPoint) throws IOException {
		return NamedPipeTransport.bind(endPoint, NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
	}

	static NamedPipeConnection connect(NamedPipeEndPoint endPoint, Duration timeout) throws IOException {
		return NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(), timeout);
	}

	/**
	 * Asserts that nothing serves the endpoint any more and nothing of it is left: on Unix no
	 * socket file, on Windows no instance of the name ({@link PipeProbe}).
	 */
	static void assertReleased(NamedPipeEndPoint endPoint) {
		PipeProbe.assertNotBound(endPoint.address());
	}

	/**
	 * Asserts that a peer is the user running the tests: the same name on Unix, the same
	 * account ({@code DOMAIN\\name}) on Windows.
	 */
	static void assertCurrentUser(PeerIdentity peer) {
		String user = System.getProperty("user.name");
		if (TestPlatform.isWindows()) {
			assertThat(peer.user()).satisfiesAnyOf((name) -> assertThat(name).isEqualToIgnoringCase(user),
					(name) -> assertThat(name).endsWithIgnoringCase("\\" + user));
		}
		else {
			assertThat(peer.user()).isEqualTo(user);
		}
	}

	/** Descriptors on Unix, handles on Windows. */
	static long openHandles() {
		return OpenHandles.count();
	}

	static long transportThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("namedpipe-"))
			.count();
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	static boolean commandExists(String command) {
		try {
			Process process = new ProcessBuilder("sh", "-c", "command -v " + command).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Runs a command to completion and returns its output. */
	static ProcessResult run(List<String> command, String input) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (input != null) {
			process.getOutputStream().write(input.getBytes());
		}
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Timed out: " + command);
		}
		return new ProcessResult(process.exitValue(), output);
	}

	record ProcessResult(int exitCode, String output) {
	}

}
