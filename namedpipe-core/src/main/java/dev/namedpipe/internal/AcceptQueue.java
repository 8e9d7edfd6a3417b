package dev.namedpipe.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;


/**
 * The bounded hand-off between accept loops and the application: at most {@code capacity}
 * accepted connections wait here; further accept loops block, so that waiting clients stay
 * in the operating system's backlog. The listener sizes it so that its blocked loops and its
 * places together hold at most queue count + 1 connections: one place with a loop per queue
 * (Windows, Kestrel's channel), the queue count with Unix's one loop. Blocking and timed takers
 * wait on a condition, as in a {@code LinkedBlockingQueue}; asynchronous takers are futures,
 * served first. Once {@link #handOff handed off}, every connection goes straight to one consumer
 * (a dispatcher) on the accept loop that puts it, and nothing is taken any more. Internal.
 */
public final class AcceptQueue {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	private final Condition notEmpty = this.lock.newCondition();

	private final ArrayDeque<AbstractNamedPipeConnection> ready = new ArrayDeque<>();

	private final ArrayDeque<CompletableFuture<@Nullable AbstractNamedPipeConnection>> asyncTakers = new ArrayDeque<>();

	private @Nullable Consumer<AbstractNamedPipeConnection> consumer;

	// The accept loops inside the consumer, to be interrupted on close: a consumer may wait
	// (an executor for a free thread) and closing must not wait for it.
	private final Set<Thread> delivering = new HashSet<>();

	private boolean closed;

	public AcceptQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * From now on gives every connection to the consumer, on the accept loop that puts it, the
	 * ones queued already first (on this thread); taking is refused from then on.
	 * @param consumer takes each connection
	 * @throws IllegalStateException when it hands off already or a taker is waiting
	 */
	public void handOff(Consumer<AbstractNamedPipeConnection> consumer) {
		List<AbstractNamedPipeConnection> queued;
		this.lock.lock();
		try {
			if (this.consumer != null) {
				throw new IllegalStateException("The connections go to a consumer already");
			}
			if (!this.asyncTakers.isEmpty() || this.lock.hasWaiters(this.notEmpty)) {
				throw new IllegalStateException("Callers of accept are waiting for connections");
			}
			this.consumer = consumer;
			queued = new ArrayList<>(this.ready);
			this.ready.clear();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		queued.forEach(consumer);
	}

	/**
	 * Gives a connection to the consumer, or to a waiting asynchronous taker, or queues it for
	 * the next taker, blocking while the queue is full.
	 * @param connection the accepted connection
	 * @return {@code false} if the queue closed first (the caller still owns the connection)
	 * @throws InterruptedException if interrupted while blocked
	 */
	public boolean put(AbstractNamedPipeConnection connection) throws InterruptedException {
		while (true) {
			Consumer<AbstractNamedPipeConnection> target;
			CompletableFuture<@Nullable AbstractNamedPipeConnection> taker = null;
			this.lock.lockInterruptibly();
			try {
				while (!this.closed && this.consumer == null && this.asyncTakers.isEmpty()
						&& this.ready.size() >= this.capacity) {
					this.notFull.await();
				}
				if (this.closed) {
					return false;
				}
				target = this.consumer;
				if (target != null) {
					this.delivering.add(Thread.currentThread());
				}
				else {
					taker = takerOrQueue(connection, false);
				}
			}
			finally {
				this.lock.unlock();
			}
			if (target != null) {
				deliver(target, connection);
				return true;
			}
			if (taker == null || taker.complete(connection)) {
				return true;
			}
		}
	}

	private void deliver(Consumer<AbstractNamedPipeConnection> target, AbstractNamedPipeConnection connection) {
		try {
			target.accept(connection);
		}
		finally {
			this.lock.lock();
			try {
				this.delivering.remove(Thread.currentThread());
			}
			finally {
				this.lock.unlock();
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
	 * @throws IllegalStateException once handed off
	 */
	public @Nullable AbstractNamedPipeConnection take() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			failIfHandedOff();
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
	 * @throws IllegalStateException once handed off
	 */
	public @Nullable AbstractNamedPipeConnection take(long timeoutNanos) throws InterruptedException, TimeoutException {
		long remaining = timeoutNanos;
		this.lock.lockInterruptibly();
		try {
			failIfHandedOff();
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

	private void failIfHandedOff() {
		if (this.consumer != null) {
			throw new IllegalStateException("The connections go to a dispatcher, not to accept");
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
	 * @throws IllegalStateException once handed off
	 */
	public CompletableFuture<@Nullable AbstractNamedPipeConnection> takeAsync() {
		this.lock.lock();
		try {
			failIfHandedOff();
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
	 * {@code false}, and producers inside the consumer are interrupted, so that one waiting
	 * there (an executor for a free thread) gives up.
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
			for (Thread producer : this.delivering) {
				if (producer != Thread.currentThread()) {
					producer.interrupt();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		waiting.forEach((taker) -> taker.complete(null));
		return orphans;
	}

}
