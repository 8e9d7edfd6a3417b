package dev.namedpipe.windows;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.internal.Threads;

/**
 * Runs code as a pipe's client: {@code ImpersonateNamedPipeClient} on the thread that runs
 * it, then {@code RevertToSelf}, also when the code throws. Impersonation belongs to an OS
 * thread, and a virtual thread may move between carriers (taking the client's identity to
 * whichever virtual thread runs there next), so code called on a virtual thread runs on a
 * platform thread of its own, which the caller waits for.
 */
final class Impersonation {

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private Impersonation() {
	}

	/**
	 * Runs an action impersonating the client of a connected instance.
	 * @param pipes the facade
	 * @param pipe the connected server instance
	 * @param endPoint the pipe, for messages
	 * @param action the action
	 * @param <T> what the action returns
	 * @return what the action returned
	 * @throws IOException when the client cannot be impersonated; the action was not run
	 * @throws Exception what the action threw
	 * @throws IllegalStateException when {@code RevertToSelf} fails (the thread still has the
	 * client's identity)
	 */
	static <T> T runAsClient(Win32Pipes pipes, PipeHandle pipe, NamedPipeEndPoint endPoint, Callable<T> action)
			throws Exception {
		if (!isVirtual(Thread.currentThread())) {
			return impersonating(pipes, pipe, endPoint, action);
		}
		FutureTask<T> task = new FutureTask<>(() -> impersonating(pipes, pipe, endPoint, action));
		Thread platform = new Thread(task, "namedpipe-run-as-client");
		platform.start();
		// The action runs as the client until it returns: it is waited for, not abandoned.
		Threads.joinUninterruptibly(platform);
		try {
			return task.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Error error) {
				throw error;
			}
			throw (Exception) cause;
		}
	}

	private static <T> T impersonating(Win32Pipes pipes, PipeHandle pipe, NamedPipeEndPoint endPoint,
			Callable<T> action) throws Exception {
		try {
			pipe.impersonateClient();
		}
		catch (Win32Exception ex) {
			String hint = (ex.getErrorCode() == Win32.ERROR_CANNOT_IMPERSONATE)
					? "; Windows allows it only once the server has read from the pipe" : "";
			throw new IOException("The client of named pipe '" + endPoint.name() + "' cannot be impersonated: "
					+ ex.getMessage() + hint, ex);
		}
		Throwable failure = null;
		try {
			return action.call();
		}
		catch (Exception | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			revert(pipes, failure);
		}
	}

	/**
	 * Stops impersonating on the calling thread.
	 * @param pipes the facade
	 * @param failure what the impersonated code threw, kept as suppressed if reverting fails
	 * @throws IllegalStateException when {@code RevertToSelf} fails: the thread still has
	 * the client's identity and must not do anything else
	 */
	static void revert(Win32Pipes pipes, @Nullable Throwable failure) {
		try {
			pipes.revertToSelf();
		}
		catch (Win32Exception ex) {
			IllegalStateException stillImpersonating = new IllegalStateException("RevertToSelf failed: thread "
					+ Thread.currentThread().getName() + " still impersonates a named-pipe client", ex);
			if (failure != null) {
				stillImpersonating.addSuppressed(failure);
			}
			throw stillImpersonating;
		}
	}

	private static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Thread.isVirtual failed", ex);
		}
	}

	// Thread.isVirtual() exists from Java 21 (19 and 20 as a preview); before, no thread is.
	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null;
		}
	}

}
