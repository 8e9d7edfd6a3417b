package dev.namedpipe.testsupport;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a blocking call on a daemon thread of its own, for tests that must act while it
 * blocks. Never the common pool: on a small machine it has a single worker or runs a
 * thread per task depending on the core count, and blocking calls queued on one worker
 * wait for each other.
 */
public final class Background {

	private static final String THREAD_NAME = "test-background";

	private Background() {
	}

	/**
	 * Starts the call.
	 * @param <T> its result type
	 * @param call the call
	 * @return its future, completed with what the call returns or throws (not wrapped)
	 */
	public static <T> CompletableFuture<T> call(Callable<T> call) {
		return call(THREAD_NAME, call);
	}

	/**
	 * Starts the call on a thread of a name (for tests that tell their threads apart).
	 * @param <T> its result type
	 * @param threadName the thread's name
	 * @param call the call
	 * @return its future, completed with what the call returns or throws (not wrapped)
	 */
	public static <T> CompletableFuture<T> call(String threadName, Callable<T> call) {
		return start(threadName, call);
	}

	/**
	 * Starts a call without a result.
	 * @param task the call
	 * @return its future
	 */
	public static CompletableFuture<Void> run(Task task) {
		return call(() -> {
			task.run();
			return null;
		});
	}

	private static <T> CompletableFuture<T> start(String name, Callable<T> call) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(call.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return result;
	}

	/**
	 * A blocking call without a result.
	 */
	@FunctionalInterface
	public interface Task {

		/**
		 * Runs it.
		 * @throws Exception when it fails
		 */
		void run() throws Exception;

	}

}
