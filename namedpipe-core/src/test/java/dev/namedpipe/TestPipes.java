package dev.namedpipe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.internal.AcceptQueue;
import dev.namedpipe.testsupport.Background;
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

	private static final int PROBE_BYTE = 0x5A;

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
	 * Whether a thread is blocked in a pipe's read, for
	 * {@link dev.namedpipe.testsupport.Background#callUntilBlocked}: inside a connection's
	 * {@code readFromPipe}, and there either in the read system call of a Unix socket (a
	 * native read method on top of the stack) or parked: until the completion port reports
	 * the overlapped ReadFile on Windows, until the socket is readable for a virtual thread.
	 * @param state the thread's state
	 * @param stack its stack, top frame first
	 * @return {@code true} while the read waits for the pipe
	 */
	static boolean blockedInPipeRead(Thread.State state, StackTraceElement[] stack) {
		boolean inRead = Arrays.stream(stack).anyMatch((frame) -> frame.getMethodName().equals("readFromPipe"));
		if (!inRead) {
			return false;
		}
		return (state == Thread.State.WAITING) || (state == Thread.State.RUNNABLE && stack[0].isNativeMethod()
				&& stack[0].getMethodName().startsWith("read"));
	}

	/**
	 * Whether an endpoint's listener runs exactly {@code loops} accept loops and every one is
	 * parked in the hand-off, holding a connection that waits for a place: from then on the
	 * listener accepts nothing more until the application takes one.
	 * @param endPoint the endpoint
	 * @param loops the accept loops expected
	 * @return {@code true} once all of them wait in {@code AcceptQueue.put}
	 */
	static boolean allAcceptLoopsWaitInTheHandOff(NamedPipeEndPoint endPoint, int loops) {
		String prefix = "namedpipe-accept-" + endPoint.name() + "-";
		List<Boolean> waiting = Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((thread) -> thread.getKey().getName().startsWith(prefix))
			.map((thread) -> Background.waitingIn(AcceptQueue.class, "put")
				.test(thread.getKey().getState(), thread.getValue()))
			.toList();
		return waiting.size() == loops && !waiting.contains(false);
	}

	/**
	 * Asserts that a listener holds no connection the test has not taken: a client connected
	 * now, which writes a byte of its own, is the next connection accepted and then the only
	 * one open. A timed accept that comes back empty would prove nothing, a connection on its
	 * way could arrive just after; this one fails for any connection that came before.
	 * @param listener the listener, with no connection of the test's open
	 * @param connect connects the probing client
	 * @throws Exception when the probe cannot connect or is not accepted within 30 seconds
	 */
	static void assertNothingAccepted(NamedPipeConnectionListener listener, Callable<NamedPipeConnection> connect)
			throws Exception {
		try (NamedPipeConnection probe = connect.call()) {
			probe.outputStream().write(PROBE_BYTE);
			probe.outputStream().flush();
			NamedPipeConnection next = listener.acceptAsync().toCompletableFuture().get(30, TimeUnit.SECONDS);
			assertThat(next).as("the probe's connection").isNotNull();
			try (next) {
				assertThat(listener.activeConnections()).as("connections open besides the probe's").isOne();
				assertThat(next.inputStream().read()).as("first byte of the next connection accepted")
					.isEqualTo(PROBE_BYTE);
			}
		}
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
