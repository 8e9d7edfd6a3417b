package dev.namedpipe;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the connections of a listener: its accept loops hand each connection, as they accept
 * it, to a {@link NamedPipeConnectionHandler} on an {@link Executor}, without a thread of the
 * dispatcher's own in between. A handler that throws is logged and its connection aborted with
 * {@link ConnectionErrorType#UNHANDLED_EXCEPTION}; a connection the executor refuses is
 * aborted with {@link ConnectionErrorType#SERVER_SHUTDOWN}. Accepting goes on in both cases.
 *
 * <pre class="code">
 * NamedPipeConnectionListener listener = NamedPipeTransport.bind("my-app");
 * NamedPipeConnectionDispatcher dispatcher = NamedPipeConnectionDispatcher.start(listener,
 * 		(connection) -&gt; connection.inputStream().transferTo(connection.outputStream()),
 * 		Executors.newCachedThreadPool());
 * // ...
 * dispatcher.shutdown(Duration.ofSeconds(30));
 * </pre>
 */
public final class NamedPipeConnectionDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(NamedPipeConnectionDispatcher.class);

	private final NamedPipeConnectionListener listener;

	private final NamedPipeConnectionHandler handler;

	private final Executor executor;

	private NamedPipeConnectionDispatcher(NamedPipeConnectionListener listener, NamedPipeConnectionHandler handler,
			Executor executor) {
		this.listener = listener;
		this.handler = handler;
		this.executor = executor;
	}

	/**
	 * Starts serving the connections of a listener, which the dispatcher then owns: it is
	 * closed when the dispatcher shuts down, and its {@code accept} methods are refused.
	 * Connections the listener accepted before go to the executor first, on this thread.
	 * @param listener the bound listener
	 * @param handler serves each connection
	 * @param executor runs the handler, one task per connection, called on the listener's
	 * accept loops; it should not queue tasks behind each other, as connections may live long.
	 * While it blocks (waiting for a free thread, say), that accept loop waits and further
	 * clients wait in the operating system's backlog; closing interrupts it.
	 * @return the running dispatcher
	 * @throws IllegalStateException when the listener is served already, or callers of its
	 * {@code accept} methods are waiting
	 */
	public static NamedPipeConnectionDispatcher start(NamedPipeConnectionListener listener,
			NamedPipeConnectionHandler handler, Executor executor) {
		NamedPipeConnectionDispatcher dispatcher = new NamedPipeConnectionDispatcher(listener, handler, executor);
		listener.handOff(dispatcher::execute);
		return dispatcher;
	}

	/**
	 * The listener whose connections this dispatcher serves.
	 * @return the listener
	 */
	public NamedPipeConnectionListener listener() {
		return this.listener;
	}

	/**
	 * Stops accepting (the name is released at once), lets open connections finish for up
	 * to {@code drainTimeout}, then aborts the rest with
	 * {@link ConnectionErrorType#SERVER_SHUTDOWN}. Returns once no connection is handed out
	 * any more.
	 * @param drainTimeout how long open connections may take to close by themselves
	 * @return {@code true} if every connection closed by itself in time
	 * @throws InterruptedException if interrupted while draining (connections are aborted)
	 */
	public boolean shutdown(Duration drainTimeout) throws InterruptedException {
		return this.listener.shutdown(drainTimeout);
	}

	/**
	 * Stops accepting and aborts the open connections at once: {@link #shutdown(Duration)}
	 * without a drain.
	 */
	@Override
	public void close() {
		try {
			shutdown(Duration.ZERO);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void execute(NamedPipeConnection connection) {
		try {
			this.executor.execute(() -> handle(connection));
		}
		catch (RuntimeException ex) {
			// The executor refused (shut down, or interrupted while waiting for a thread).
			connection.abort("No thread to handle the connection: " + ex, ConnectionErrorType.SERVER_SHUTDOWN);
		}
	}

	private void handle(NamedPipeConnection connection) {
		try {
			this.handler.handle(connection);
			connection.close();
		}
		catch (Throwable ex) {
			if (connection.isOpen()) {
				logger.error("Connection handler of '{}' failed on connection {}", this.listener.endPoint(),
						connection.id(), ex);
				connection.abort("The connection handler threw " + ex, ConnectionErrorType.UNHANDLED_EXCEPTION);
			}
			else {
				logger.debug("Connection {} ended while its handler used it", connection.id(), ex);
			}
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	@Override
	public String toString() {
		return "NamedPipeConnectionDispatcher[" + this.listener.endPoint() + "]";
	}

}
