package dev.namedpipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Helpers shared by the transport tests: unique short pipe paths, process and resource
 * probes.
 */
final class TestPipes {

	private static final AtomicInteger sequence = new AtomicInteger();

	private TestPipes() {
	}

	/** A pipe name that is a short absolute socket path in a directory of its own. */
	static NamedPipeEndPoint endPointIn(Path directory) {
		return NamedPipeEndPoint.of(directory.resolve("p" + sequence.incrementAndGet()).toString());
	}

	/** A short private directory (socket paths are limited to 107 bytes). */
	static Path shortTempDirectory() throws IOException {
		return Files.createTempDirectory(Path.of("/tmp"), "npt");
	}

	static NamedPipeConnectionListener bind(NamedPipeEndPoint endPoint) throws IOException {
		return NamedPipeTransport.bind(endPoint, NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
	}

	static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
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

	/**
	 * Skips the test when a command is missing, with what to install, but fails it when the
	 * environment variable {@code CI} is {@code true}: CI installs every tool the tests need.
	 * @param command the command
	 * @param installHint how to install it
	 */
	static void requireTool(String command, String installHint) {
		boolean present = commandExists(command);
		String message = command + " is missing: " + installHint;
		if (!present && "true".equals(System.getenv("CI"))) {
			throw new AssertionError(message + " (required when CI=true)");
		}
		assumeTrue(present, message);
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

	/**
	 * Runs a blocking task on a thread of its own (the common pool may have a single worker
	 * on a small machine, and blocking tasks there can starve each other).
	 */
	static <T> java.util.concurrent.CompletableFuture<T> async(java.util.concurrent.Callable<T> task) {
		java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(task.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "test-async");
		thread.setDaemon(true);
		thread.start();
		return result;
	}

	/** Like {@link #async} for a task without a result. */
	static java.util.concurrent.CompletableFuture<Void> asyncRun(Task task) {
		return async(() -> {
			task.run();
			return null;
		});
	}

	interface Task {

		void run() throws Exception;

	}

	record ProcessResult(int exitCode, String output) {
	}

}
