package dev.namedpipe.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;


/**
 * The bounded hand-off between accept loops and the application: at most {@code capacity}
 * accepted connections wait here; further accept loops block, so that waiting clients stay
 * in the operating system's backlog. The listener sizes it so that its blocked loops and its
 * places together hold at most queue count + 1 connections: one place with a loop per queue
 * (Windows, Kestrel's channel), the queue count with Unix's one loop. Blocking and timed takers
 * wait on a condition, as in a {@code LinkedBlockingQueue}; asynchronous takers are futures,
 * served first. Internal.
 */
public final class AcceptQueue {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	private final Condition notEmpty = this.lock.newCondition();

	private final ArrayDeque<AbstractNamedPipeConnection> ready = new ArrayDeque<>();

	private final ArrayDeque<CompletableFuture<@Nullable AbstractNamedPipeConnection>> asyncTakers = new ArrayDeque<>();

	private boolean closed;

	public AcceptQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Hands a connection to a waiting asynchronous taker or queues it for the next taker,
	 * blocking while the queue is full.
	 * @param connection the accepted connection
	 * @return {@code false} if the queue closed first (the caller still owns the connection)
	 * @throws InterruptedException if interrupted while blocked
	 */
	public boolean put(AbstractNamedPipeConnection connection) throws InterruptedException {
		while (true) {
			CompletableFuture<@Nullable AbstractNamedPipeConnection> taker;
			this.lock.lockInterruptibly();
			try {
				while (!this.closed && this.asyncTakers.isEmpty() && this.ready.size() >= this.capacity) {
					this.notFull.await();
				}
				if (this.closed) {
					return false;
				}
				taker = takerOrQueue(connection, false);
			}
			finally {
				this.lock.unlock();
			}
			if (taker == null || taker.complete(connection)) {
				return true;
			}
		}
	}

	/**
	 * Returns a connection that an asynchronous taker received but no longer wants (its wait
	 * was cancelled as the connection arrived): it goes to the next taker, ahead of the queued
	 * ones, even when the queue is full.
	 * @param connection the connection
	 * @return {@code false} if the queue is closed (the caller still owns the connection)
	 */
	public boolean putBack(AbstractNamedPipeConnection connection) {
		while (true) {
			CompletableFuture<@Nullable AbstractNamedPipeConnection> taker;
			this.lock.lock();
			try {
				if (this.closed) {
					return false;
				}
				taker = takerOrQueue(connection, true);
			}
			finally {
				this.lock.unlock();
			}
			if (taker == null || taker.complete(connection)) {
				return true;
			}
		}
	}

	// With the lock held: the next asynchronous taker, or null once the connection is queued
	// and a blocked taker told.
	private @Nullable CompletableFuture<@Nullable AbstractNamedPipeConnection> takerOrQueue(
			AbstractNamedPipeConnection connection, boolean ahead) {
		CompletableFuture<@Nullable AbstractNamedPipeConnection> taker = this.asyncTakers.poll();
		if (taker == null) {
			if (ahead) {
				this.ready.addFirst(connection);
			}
			else {
				this.ready.add(connection);
			}
			this.notEmpty.signal();
		}
		return taker;
	}

	/**
	 * The next connection, waiting for one.
	 * @return the connection, or {@code null} once the queue is closed
	 * @throws InterruptedException if interrupted while waiting (nothing was taken)
	 */
	public @Nullable AbstractNamedPipeConnection take() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.ready.isEmpty() && !this.closed) {
				this.notEmpty.await();
			}
			return poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The next connection, waiting at most {@code timeoutNanos} for one.
	 * @param timeoutNanos how long to wait
	 * @return the connection, or {@code null} once the queue is closed
	 * @throws TimeoutException when none came in time (nothing was taken)
	 * @throws InterruptedException if interrupted while waiting (nothing was taken)
	 */
	public @Nullable AbstractNamedPipeConnection take(long timeoutNanos) throws InterruptedException, TimeoutException {
		long remaining = timeoutNanos;
		this.lock.lockInterruptibly();
		try {
			while (this.ready.isEmpty() && !this.closed) {
				if (remaining <= 0) {
					throw new TimeoutException("No connection within " + timeoutNanos + " ns");
				}
				remaining = this.notEmpty.awaitNanos(remaining);
			}
			return poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	// With the lock held, something queued or the queue closed.
	private @Nullable AbstractNamedPipeConnection poll() {
		AbstractNamedPipeConnection connection = this.ready.poll();
		if (connection != null) {
			this.notFull.signal();
		}
		return connection;
	}

	/**
	 * The next connection, asynchronously: completed at once if one is queued, with
	 * {@code null} once the queue is closed. Cancelling the future withdraws the request.
	 * @return a future of the next connection
	 */
	public CompletableFuture<@Nullable AbstractNamedPipeConnection> takeAsync() {
		this.lock.lock();
		try {
			AbstractNamedPipeConnection connection = this.ready.poll();
			if (connection != null || this.closed) {
				if (connection != null) {
					this.notFull.signal();
				}
				return CompletableFuture.completedFuture(connection);
			}
			CompletableFuture<@Nullable AbstractNamedPipeConnection> taker = new CompletableFuture<>();
			this.asyncTakers.add(taker);
			// A loop blocked on a full queue may now hand its connection to this taker.
			this.notFull.signal();
			taker.whenComplete((result, failure) -> {
				if (taker.isCancelled()) {
					withdraw(taker);
				}
			});
			return taker;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void withdraw(CompletableFuture<@Nullable AbstractNamedPipeConnection> taker) {
		this.lock.lock();
		try {
			this.asyncTakers.remove(taker);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the queue: waiting takers get {@code null}, blocked producers return
	 * {@code false}.
	 * @return the connections that were queued and never taken
	 */
	public List<AbstractNamedPipeConnection> close() {
		List<CompletableFuture<@Nullable AbstractNamedPipeConnection>> waiting;
		List<AbstractNamedPipeConnection> orphans;
		this.lock.lock();
		try {
			this.closed = true;
			waiting = new ArrayList<>(this.asyncTakers);
			this.asyncTakers.clear();
			orphans = new ArrayList<>(this.ready);
			this.ready.clear();
			this.notFull.signalAll();
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		waiting.forEach((taker) -> taker.complete(null));
		return orphans;
	}

}
