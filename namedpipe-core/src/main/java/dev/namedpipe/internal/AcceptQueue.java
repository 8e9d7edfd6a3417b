package dev.namedpipe.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;


/**
 * The bounded hand-off between accept loops and the application: at most {@code capacity}
 * accepted connections wait here; further accept loops block, so that waiting clients stay
 * in the operating system's backlog. The listener sizes it so that its blocked loops and its
 * places together hold at most queue count + 1 connections: one place with a loop per queue
 * (Windows, Kestrel's channel), the queue count with Unix's one loop. Waiting takers are
 * futures, so blocking, timed and asynchronous accepts share one path. Internal.
 */
public final class AcceptQueue {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<AbstractNamedPipeConnection> ready = new ArrayDeque<>();

	private final ArrayDeque<CompletableFuture<AbstractNamedPipeConnection>> takers = new ArrayDeque<>();

	private boolean closed;

	public AcceptQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Hands a connection to a waiting taker or queues it, blocking while the queue is full.
	 * @param connection the accepted connection
	 * @return {@code false} if the queue closed first (the caller still owns the connection)
	 * @throws InterruptedException if interrupted while blocked
	 */
	public boolean put(AbstractNamedPipeConnection connection) throws InterruptedException {
		while (true) {
			CompletableFuture<AbstractNamedPipeConnection> taker;
			this.lock.lockInterruptibly();
			try {
				while (!this.closed && this.takers.isEmpty() && this.ready.size() >= this.capacity) {
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
	 * Returns a connection that a taker received but no longer wants (its wait was cancelled
	 * as the connection arrived): it goes to the next taker, ahead of the queued ones, even
	 * when the queue is full.
	 * @param connection the connection
	 * @return {@code false} if the queue is closed (the caller still owns the connection)
	 */
	public boolean putBack(AbstractNamedPipeConnection connection) {
		while (true) {
			CompletableFuture<AbstractNamedPipeConnection> taker;
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

	// With the lock held: the next waiting taker, or null once the connection is queued.
	private @Nullable CompletableFuture<AbstractNamedPipeConnection> takerOrQueue(AbstractNamedPipeConnection connection,
			boolean ahead) {
		CompletableFuture<AbstractNamedPipeConnection> taker = this.takers.poll();
		if (taker == null) {
			if (ahead) {
				this.ready.addFirst(connection);
			}
			else {
				this.ready.add(connection);
			}
		}
		return taker;
	}

	/**
	 * The next connection: completed at once if one is queued, with {@code null} once the
	 * queue is closed. Cancelling the future withdraws the request.
	 * @return a future of the next connection
	 */
	public CompletableFuture<AbstractNamedPipeConnection> take() {
		this.lock.lock();
		try {
			AbstractNamedPipeConnection connection = this.ready.poll();
			if (connection != null) {
				this.notFull.signal();
				return CompletableFuture.completedFuture(connection);
			}
			if (this.closed) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<AbstractNamedPipeConnection> taker = new CompletableFuture<>();
			this.takers.add(taker);
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

	private void withdraw(CompletableFuture<AbstractNamedPipeConnection> taker) {
		this.lock.lock();
		try {
			this.takers.remove(taker);
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
		List<CompletableFuture<AbstractNamedPipeConnection>> waiting;
		List<AbstractNamedPipeConnection> orphans;
		this.lock.lock();
		try {
			this.closed = true;
			waiting = new ArrayList<>(this.takers);
			this.takers.clear();
			orphans = new ArrayList<>(this.ready);
			this.ready.clear();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		waiting.forEach((taker) -> taker.complete(null));
		return orphans;
	}

}
