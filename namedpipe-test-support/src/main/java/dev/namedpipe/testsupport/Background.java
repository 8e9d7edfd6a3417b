package dev.namedpipe.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;

import static org.awaitility.Awaitility.await;

/**
 * Runs a blocking call on a daemon thread of its own, for tests that must act while it
 * blocks. Never the common pool: on a small machine it has a single worker or runs a
 * thread per task depending on the core count, and blocking calls queued on one worker
 * wait for each other.
 */
public final class Background {

	private static final String THREAD_NAME = "test-background";

	private static final Duration BLOCK_WAIT = Duration.ofSeconds(30);

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
		CompletableFuture<T> result = new CompletableFuture<>();
		start(threadName, call, result);
		return result;
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

	/**
	 * Starts the call and returns once its thread is blocked as {@code blocked} tells from
	 * the thread's state and stack, so that what the test does next happens while the call
	 * really waits, not before it began. A state is only taken when it is the same before
	 * and after the stack is read.
	 * @param <T> its result type
	 * @param blocked whether a state and stack (top frame first) are the blocked call
	 * @param call the call
	 * @return its future
	 * @throws org.awaitility.core.ConditionTimeoutException when the call has not blocked
	 * within 30 seconds (or has ended)
	 */
	public static <T> CompletableFuture<T> callUntilBlocked(BiPredicate<Thread.State, StackTraceElement[]> blocked,
			Callable<T> call) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = start(THREAD_NAME, call, result);
		await().atMost(BLOCK_WAIT).failFast("the call ended before it blocked", result::isDone).until(() -> {
			Thread.State before = thread.getState();
			StackTraceElement[] stack = thread.getStackTrace();
			return before == thread.getState() && blocked.test(before, stack);
		});
		return result;
	}

	/**
	 * Like {@link #callUntilBlocked} for a call without a result.
	 * @param blocked whether a state and stack (top frame first) are the blocked call
	 * @param task the call
	 * @return its future
	 */
	public static CompletableFuture<Void> runUntilBlocked(BiPredicate<Thread.State, StackTraceElement[]> blocked,
			Task task) {
		return callUntilBlocked(blocked, () -> {
			task.run();
			return null;
		});
	}

	/**
	 * A thread parked without a timeout inside a method ({@link #callUntilBlocked}).
	 * @param type the method's class
	 * @param method the method's name
	 * @return the test of a state and stack
	 */
	public static BiPredicate<Thread.State, StackTraceElement[]> waitingIn(Class<?> type, String method) {
		return (state, stack) -> state == Thread.State.WAITING && runs(stack, type, method);
	}

	/**
	 * A thread waiting with a timeout inside a method, such as a drain up to its deadline
	 * ({@link #callUntilBlocked}).
	 * @param type the method's class
	 * @param method the method's name
	 * @return the test of a state and stack
	 */
	public static BiPredicate<Thread.State, StackTraceElement[]> timedWaitIn(Class<?> type, String method) {
		return (state, stack) -> state == Thread.State.TIMED_WAITING && runs(stack, type, method);
	}

	private static boolean runs(StackTraceElement[] stack, Class<?> type, String method) {
		return Arrays.stream(stack)
			.anyMatch((frame) -> frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method));
	}

	private static <T> Thread start(String name, Callable<T> call, CompletableFuture<T> result) {
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
		return thread;
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
