package dev.namedpipe;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.internal.AcceptQueue;
import dev.namedpipe.internal.ClientVanishedException;
import dev.namedpipe.internal.ConnectionEndHook;
import dev.namedpipe.internal.IdleConnectionSweeper;
import dev.namedpipe.internal.PeerRejectedException;
import dev.namedpipe.internal.PipeServer;
import dev.namedpipe.internal.Threads;
import dev.namedpipe.internal.TransportLog;

/**
 * A bound named pipe that accepts connections, with Kestrel's listener semantics:
 * {@code listener-queue-count} accept loops (on Unix one, as the JDK accepts one at a time on
 * a socket), at most {@code listener-queue-count + 1} accepted connections waiting for the
 * application (the operating system keeps the rest of the backlog), broken pipes logged and
 * survived, a fatal error reported once, and pending accepts answered with nothing when the
 * listener closes. With {@code max-connections}, a client beyond the limit is closed as it is
 * accepted and reported as rejected; with {@code idle-timeout}, one thread aborts the
 * connections that went idle.
 *
 * <p>Obtain one from {@link NamedPipeTransport#bind}; the name is owned when that returns.
 */
public final class NamedPipeConnectionListener implements AutoCloseable {

	private static final long MAX_BACKOFF_MILLIS = 1000;

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportObserver observer;

	private final PipeServer server;

	private final AcceptQueue queue;

	private final List<Thread> acceptLoops = new ArrayList<>();

	private final Set<AbstractNamedPipeConnection> connections = ConcurrentHashMap.newKeySet();

	private final int maxConnections;

	// The connections counted against max-connections: reserved before one is tracked, so
	// that accept loops racing for the last place cannot both take it.
	private final AtomicInteger openConnections = new AtomicInteger();

	private final @Nullable IdleConnectionSweeper idleSweeper;

	private final LongAdder closedBytesRead = new LongAdder();

	private final LongAdder closedBytesWritten = new LongAdder();

	private final AtomicBoolean closing = new AtomicBoolean();

	private final CountDownLatch closedSignal = new CountDownLatch(1);

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final ConnectionEndHook untrack = this::untrack;

	NamedPipeConnectionListener(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			NamedPipeTransportObserver observer, PipeServer server) {
		this.endPoint = endPoint;
		this.observer = observer;
		this.server = server;
		int queueCount = options.listenerQueueCount();
		int loops = server.acceptLoops(queueCount);
		if (loops < 1 || loops > queueCount) {
			throw new IllegalStateException("Accept loops out of 1.." + queueCount + ": " + loops);
		}
		// As Kestrel's: at most queue count + 1 accepted connections wait for the application,
		// one in each blocked loop and the rest in the hand-off.
		this.queue = new AcceptQueue(queueCount + 1 - loops);
		Integer max = options.maxConnections();
		this.maxConnections = (max != null) ? max : Integer.MAX_VALUE;
		Duration idleTimeout = options.idleTimeout();
		this.idleSweeper = (idleTimeout != null)
				? new IdleConnectionSweeper(this.connections, idleTimeout, endPoint.name()) : null;
		for (int i = 0; i < loops; i++) {
			int queueIndex = i;
			Thread loop = new Thread(() -> acceptLoop(queueIndex), "namedpipe-accept-" + endPoint.name() + "-" + i);
			loop.setDaemon(true);
			this.acceptLoops.add(loop);
		}
	}

	// For a dispatcher, which takes over every connection from now on, on the accept loops.
	void handOff(Consumer<NamedPipeConnection> dispatcher) {
		this.queue.handOff(dispatcher::accept);
	}

	void start() {
		if (this.idleSweeper != null) {
			this.idleSweeper.start();
		}
		this.acceptLoops.forEach(Thread::start);
	}

	/**
	 * The endpoint this listener owns.
	 * @return the endpoint
	 */
	public NamedPipeEndPoint endPoint() {
		return this.endPoint;
	}

	/**
	 * Waits for the next connection.
	 * @return the connection, or {@code null} once the listener is closed
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException when a {@link NamedPipeConnectionDispatcher} serves this
	 * listener
	 */
	public @Nullable NamedPipeConnection accept() throws InterruptedException {
		return this.queue.take();
	}

	/**
	 * Waits at most {@code timeout} for the next connection.
	 * @param timeout how long to wait
	 * @return the connection, or {@code null} once the listener is closed
	 * @throws TimeoutException when no connection arrived in time (the listener is open)
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException when a {@link NamedPipeConnectionDispatcher} serves this
	 * listener
	 */
	public @Nullable NamedPipeConnection accept(Duration timeout) throws InterruptedException, TimeoutException {
		return this.queue.take(timeout.toNanos());
	}

	/**
	 * The next connection, asynchronously: the stage completes with the connection, or with
	 * {@code null} once the listener is closed. To stop waiting, cancel
	 * {@code toCompletableFuture()}; a connection that arrives as it is cancelled goes to the
	 * next accept instead.
	 * @return a stage of the next connection
	 * @throws IllegalStateException when a {@link NamedPipeConnectionDispatcher} serves this
	 * listener
	 */
	public CompletionStage<@Nullable NamedPipeConnection> acceptAsync() {
		CompletableFuture<@Nullable AbstractNamedPipeConnection> next = this.queue.takeAsync();
		CompletableFuture<@Nullable NamedPipeConnection> result = new CompletableFuture<>();
		next.whenComplete((connection, ex) -> {
			if (!result.complete(connection) && connection != null) {
				giveBack(connection);
			}
		});
		result.whenComplete((connection, ex) -> next.cancel(false));
		return result;
	}

	private void giveBack(AbstractNamedPipeConnection connection) {
		if (!this.queue.putBack(connection)) {
			connection.abort("The listener on '" + this.endPoint + "' closed", ConnectionErrorType.SERVER_SHUTDOWN);
		}
	}

	/**
	 * Whether the listener accepts connections: not closed and not failed.
	 * @return {@code true} while listening
	 */
	public boolean isListening() {
		return !this.closing.get() && this.failure.get() == null;
	}

	/**
	 * The error that stopped this listener, if one did.
	 * @return the failure, empty while healthy or after a normal close
	 */
	public Optional<Throwable> failure() {
		return Optional.ofNullable(this.failure.get());
	}

	/**
	 * The connections accepted and not yet closed.
	 * @return the open connection count
	 */
	public int activeConnections() {
		return this.connections.size();
	}

	/**
	 * Bytes read from all connections of this listener, open and closed.
	 * @return the total
	 */
	public long totalBytesRead() {
		long open = this.connections.stream().mapToLong(NamedPipeConnection::bytesRead).sum();
		return this.closedBytesRead.sum() + open;
	}

	/**
	 * Bytes written to all connections of this listener, open and closed.
	 * @return the total
	 */
	public long totalBytesWritten() {
		long open = this.connections.stream().mapToLong(NamedPipeConnection::bytesWritten).sum();
		return this.closedBytesWritten.sum() + open;
	}

	/**
	 * Stops accepting and releases the name; pending accepts return nothing and connections
	 * accepted but never taken are aborted. Connections already handed out stay open (see
	 * {@link #shutdown(Duration)}). Idempotent; returns when every accept loop has exited.
	 */
	@Override
	public void close() {
		if (this.closing.compareAndSet(false, true)) {
			this.closedSignal.countDown();
			this.server.close();
			if (this.idleSweeper != null) {
				this.idleSweeper.stopWhenDrained();
			}
			for (AbstractNamedPipeConnection orphan : this.queue.close()) {
				orphan.abort("The listener on '" + this.endPoint + "' closed", ConnectionErrorType.SERVER_SHUTDOWN);
			}
		}
		for (Thread loop : this.acceptLoops) {
			if (loop != Thread.currentThread()) {
				Threads.joinUninterruptibly(loop);
			}
		}
	}

	/**
	 * Closes the listener, lets open connections finish for up to {@code drainTimeout}, then
	 * aborts the rest.
	 * @param drainTimeout how long open connections may take to close by themselves
	 * @return {@code true} if every connection closed by itself in time
	 * @throws InterruptedException if interrupted while draining (connections are aborted)
	 */
	public boolean shutdown(Duration drainTimeout) throws InterruptedException {
		close();
		List<AbstractNamedPipeConnection> open = new ArrayList<>(this.connections);
		CompletableFuture<?> drained = CompletableFuture.allOf(open.stream()
			.map((connection) -> connection.closed().toCompletableFuture())
			.toArray(CompletableFuture[]::new));
		try {
			drained.get(drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException ex) {
			return false;
		}
		finally {
			String reason = "The listener on '" + this.endPoint + "' shut down";
			for (AbstractNamedPipeConnection connection : new ArrayList<>(this.connections)) {
				connection.abort(reason, ConnectionErrorType.SERVER_SHUTDOWN);
			}
		}
	}

	private void acceptLoop(int queueIndex) {
		int failures = 0;
		try {
			while (!this.closing.get()) {
				AbstractNamedPipeConnection connection;
				try {
					connection = this.server.accept(queueIndex);
					failures = 0;
				}
				catch (PeerRejectedException ex) {
					TransportLog.connectionRejected(this.endPoint, ex.getMessage());
					this.observer.connectionRejected(this.endPoint, ex.getReason(), ex.getMessage());
					continue;
				}
				catch (ClosedChannelException ex) {
					if (!this.closing.get()) {
						fail(ex);
					}
					return;
				}
				catch (ClientVanishedException ex) {
					TransportLog.listenerBrokenPipe(this.endPoint, ex);
					this.observer.pipeBroken(this.endPoint, ex);
					failures = 0;
					continue;
				}
				catch (IOException ex) {
					if (this.closing.get()) {
						return;
					}
					TransportLog.listenerBrokenPipe(this.endPoint, ex);
					this.observer.pipeBroken(this.endPoint, ex);
					backOff(++failures);
					continue;
				}
				if (!reserve()) {
					reject(connection);
					continue;
				}
				track(connection);
				if (!this.queue.put(connection)) {
					connection.abort("The listener on '" + this.endPoint + "' closed",
							ConnectionErrorType.SERVER_SHUTDOWN);
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			if (!this.closing.get()) {
				fail(ex);
			}
		}
		finally {
			TransportLog.listenerQueueExited(this.endPoint, queueIndex);
		}
	}

	private boolean reserve() {
		int open;
		do {
			open = this.openConnections.get();
			if (open >= this.maxConnections) {
				return false;
			}
		}
		while (!this.openConnections.compareAndSet(open, open + 1));
		return true;
	}

	// As Kestrel's connection limit: the client's connection is ended at once, without a byte.
	private void reject(AbstractNamedPipeConnection connection) {
		String message = "Connection " + connection.id() + " rejected because the maximum of " + this.maxConnections
				+ " concurrent connections (max-connections) has been reached";
		connection.close();
		TransportLog.connectionRejected(this.endPoint, message);
		this.observer.connectionRejected(this.endPoint, RejectionReason.LIMIT, message);
	}

	private void track(AbstractNamedPipeConnection connection) {
		this.connections.add(connection);
		TransportLog.acceptedConnection(connection);
		this.observer.connectionAccepted(connection);
		connection.whenEnded(this.untrack);
	}

	private void untrack(AbstractNamedPipeConnection connection, ConnectionErrorType errorType) {
		this.connections.remove(connection);
		this.openConnections.decrementAndGet();
		this.closedBytesRead.add(connection.bytesRead());
		this.closedBytesWritten.add(connection.bytesWritten());
		this.observer.connectionClosed(connection, connection.duration(), errorType);
	}

	// Consecutive accept failures other than a vanished client (e.g. no file descriptors left)
	// must not spin: wait longer each time, but wake at once on close.
	private void backOff(int failures) throws InterruptedException {
		if (failures > 1) {
			long millis = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(failures, 10));
			this.closedSignal.await(millis, TimeUnit.MILLISECONDS);
		}
	}

	private void fail(Throwable ex) {
		if (this.failure.compareAndSet(null, ex)) {
			TransportLog.listenerAborted(this.endPoint, ex);
			this.observer.listenerAborted(this.endPoint, ex);
			Thread closer = new Thread(this::close, "namedpipe-abort-" + this.endPoint.name());
			closer.setDaemon(true);
			closer.start();
		}
	}

	@Override
	public String toString() {
		return "NamedPipeConnectionListener[" + this.endPoint + "]";
	}

}
