package dev.namedpipe.boot;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The starter's executor of connection handlers on platform threads: at most
 * {@code maxHandlers} handlers run at once, each on a pooled thread that an earlier
 * connection may have used (a thread idle for a minute ends), and a connection beyond the
 * limit waits in {@link #execute} for a handler to finish, so that clients wait in the
 * operating system's backlog. Creating a thread per connection instead cost the
 * connection-rate benchmark three quarters of its rate.
 */
public final class PooledHandlerExecutor implements Executor, AutoCloseable {

	private static final long IDLE_THREAD_SECONDS = 60;

	private final int maxHandlers;

	private final Semaphore handlers;

	private final ThreadPoolExecutor threads;

	/**
	 * Creates an executor; threads start on demand.
	 * @param threadNamePrefix the prefix of its threads' names, followed by a number
	 * @param maxHandlers how many handlers may run at once, at least 1
	 */
	public PooledHandlerExecutor(String threadNamePrefix, int maxHandlers) {
		if (maxHandlers < 1) {
			throw new IllegalArgumentException("maxHandlers must be at least 1, not " + maxHandlers);
		}
		this.maxHandlers = maxHandlers;
		this.handlers = new Semaphore(maxHandlers);
		AtomicInteger created = new AtomicInteger();
		// No bound on threads: the permits bound the handlers, and a thread that has just
		// released its permit may not be back for the next task yet.
		this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (task) -> new Thread(task, threadNamePrefix + created.incrementAndGet()));
	}

	/**
	 * The most handlers that run at once.
	 * @return the limit
	 */
	public int maxHandlers() {
		return this.maxHandlers;
	}

	/**
	 * Runs the task on a pooled thread, first waiting while {@link #maxHandlers()} tasks run.
	 * @param task the handler of a connection
	 * @throws RejectedExecutionException when interrupted while waiting (the interrupt is
	 * kept), or after {@link #close()}
	 */
	@Override
	public void execute(Runnable task) {
		try {
			this.handlers.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RejectedExecutionException("Interrupted while waiting for one of " + this.maxHandlers
					+ " handler threads", ex);
		}
		try {
			this.threads.execute(() -> {
				try {
					task.run();
				}
				finally {
					this.handlers.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.handlers.release();
			throw ex;
		}
	}

	/**
	 * Takes no more tasks; idle threads end now, busy ones when their handler returns.
	 */
	@Override
	public void close() {
		this.threads.shutdown();
	}

	@Override
	public String toString() {
		return "PooledHandlerExecutor[maxHandlers=" + this.maxHandlers + "]";
	}

}
