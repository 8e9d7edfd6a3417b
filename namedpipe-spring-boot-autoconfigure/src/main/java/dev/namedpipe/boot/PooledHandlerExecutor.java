package dev.namedpipe.boot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The starter's executor of connection handlers on platform threads: at most
 * {@code maxHandlers} handlers run at once, each on a pooled thread that an earlier
 * connection may have used (a thread idle for a minute ends), and a connection beyond the
 * limit waits in {@link #execute} for a handler to finish, so that clients wait in the
 * operating system's backlog. Creating a thread per connection instead cost the
 * connection-rate benchmark three quarters of its rate.
 *
 * <p>A task goes to a queue when a thread is idle to take it, and to a new thread otherwise:
 * a thread that finishes its handler takes the next queued one without parking, and there are
 * only as many threads as handlers ran at once (a {@code SynchronousQueue} hand-off needed a
 * parked thread for every task). One lock keeps the queue and the idle count consistent, so
 * that no task is queued for a thread that is about to end.
 */
public final class PooledHandlerExecutor implements Executor, AutoCloseable {

	private static final Duration IDLE_THREAD_TIME = Duration.ofMinutes(1);

	private final String threadNamePrefix;

	private final long idleThreadNanos;

	private final int maxHandlers;

	private final ReentrantLock lock = new ReentrantLock();

	// A handler finished: a caller waiting for a place may go on.
	private final Condition placeFree = this.lock.newCondition();

	// A task was queued, or the executor closed: an idle thread may go on.
	private final Condition taskQueued = this.lock.newCondition();

	private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

	// Tasks accepted and not finished, queued or running: at most maxHandlers.
	private int handlers;

	// Threads waiting for a task: never fewer than the queued tasks.
	private int idleThreads;

	private int threadsCreated;

	private boolean closed;

	/**
	 * Creates an executor; threads start on demand.
	 * @param threadNamePrefix the prefix of its threads' names, followed by a number
	 * @param maxHandlers how many handlers may run at once, at least 1
	 */
	public PooledHandlerExecutor(String threadNamePrefix, int maxHandlers) {
		this(threadNamePrefix, maxHandlers, IDLE_THREAD_TIME);
	}

	PooledHandlerExecutor(String threadNamePrefix, int maxHandlers, Duration idleThreadTime) {
		if (maxHandlers < 1) {
			throw new IllegalArgumentException("maxHandlers must be at least 1, not " + maxHandlers);
		}
		this.threadNamePrefix = threadNamePrefix;
		this.maxHandlers = maxHandlers;
		this.idleThreadNanos = idleThreadTime.toNanos();
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
		String threadName;
		this.lock.lock();
		try {
			while (!this.closed && this.handlers >= this.maxHandlers) {
				this.placeFree.await();
			}
			if (this.closed) {
				throw new RejectedExecutionException(this + " is closed");
			}
			this.handlers++;
			if (this.queued.size() < this.idleThreads) {
				this.queued.add(task);
				this.taskQueued.signal();
				return;
			}
			threadName = this.threadNamePrefix + (++this.threadsCreated);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RejectedExecutionException("Interrupted while waiting for one of " + this.maxHandlers
					+ " handler threads", ex);
		}
		finally {
			this.lock.unlock();
		}
		// Daemons, as the accept loops that start them: the lifecycle's keep-alive thread holds
		// the JVM while endpoints listen.
		Thread thread = new Thread(() -> work(task), threadName);
		thread.setDaemon(true);
		try {
			thread.start();
		}
		catch (OutOfMemoryError ex) {
			finished();
			throw new RejectedExecutionException("No thread for a handler: " + ex, ex);
		}
	}

	private void work(Runnable first) {
		for (Runnable task = first; task != null; task = next()) {
			try {
				task.run();
			}
			finally {
				finished();
			}
		}
	}

	private void finished() {
		this.lock.lock();
		try {
			this.handlers--;
			this.placeFree.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	// The next queued task, or null when this thread is to end: idle for a minute, or closed
	// with nothing queued. A handler's interrupt is its own: cleared before the next task, and
	// an interrupt of an idle thread is ignored, so that the thread counted idle takes the task
	// queued for it.
	private @Nullable Runnable next() {
		Thread.interrupted();
		this.lock.lock();
		try {
			this.idleThreads++;
			long idleNanos = this.idleThreadNanos;
			while (this.queued.isEmpty() && !this.closed && idleNanos > 0) {
				try {
					idleNanos = this.taskQueued.awaitNanos(idleNanos);
				}
				catch (InterruptedException ex) {
					// not for this thread's next task
				}
			}
			this.idleThreads--;
			return this.queued.poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes no more tasks; idle threads end now, busy ones when their handler and the tasks
	 * already queued have run.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.taskQueued.signalAll();
			this.placeFree.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "PooledHandlerExecutor[maxHandlers=" + this.maxHandlers + "]";
	}

}
