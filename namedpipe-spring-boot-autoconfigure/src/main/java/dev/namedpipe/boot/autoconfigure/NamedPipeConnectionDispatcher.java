package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;

/**
 * Binds one raw endpoint and hands each accepted connection to its
 * {@link NamedPipeConnectionHandler} on the connection executor. A handler that throws is
 * logged and its connection aborted with {@link ConnectionErrorType#UNHANDLED_EXCEPTION};
 * accepting goes on.
 */
final class NamedPipeConnectionDispatcher {

	private static final Log logger = LogFactory.getLog(NamedPipeConnectionDispatcher.class);

	private final NamedPipeEndpointDefinition endpoint;

	private final NamedPipeConnectionHandler handler;

	private final Executor executor;

	private NamedPipeConnectionListener listener;

	private Thread acceptThread;

	NamedPipeConnectionDispatcher(NamedPipeEndpointDefinition endpoint, NamedPipeConnectionHandler handler,
			Executor executor) {
		this.endpoint = endpoint;
		this.handler = handler;
		this.executor = executor;
	}

	NamedPipeEndpointDefinition endpoint() {
		return this.endpoint;
	}

	/**
	 * Binds the endpoint and starts handing out its connections.
	 * @param observer the observer of the listener
	 * @return the bound listener
	 * @throws IOException when binding fails
	 */
	NamedPipeConnectionListener start(NamedPipeTransportObserver observer) throws IOException {
		this.listener = NamedPipeTransport.bind(this.endpoint.endPoint(), this.endpoint.options(), observer);
		this.acceptThread = new Thread(this::dispatch, "namedpipe-dispatch-" + this.endpoint.id());
		this.acceptThread.setDaemon(true);
		this.acceptThread.start();
		logger.info("Named pipe endpoint '" + this.endpoint.id() + "' listening on " + this.endpoint.endPoint());
		return this.listener;
	}

	/**
	 * Stops accepting: the name is released at once, open connections go on.
	 */
	void stopAccepting() {
		if (this.listener == null) {
			return;
		}
		this.listener.close();
		this.acceptThread.interrupt();
		joinUninterruptibly(this.acceptThread);
	}

	/**
	 * Stops accepting, lets open connections finish until the deadline, then aborts the rest.
	 * @param drainTimeout how long open connections may take
	 */
	void shutdown(Duration drainTimeout) {
		if (this.listener == null) {
			return;
		}
		stopAccepting();
		try {
			if (!this.listener.shutdown(drainTimeout)) {
				logger.info("Named pipe endpoint '" + this.endpoint.id() + "' aborted the connections still open after "
						+ drainTimeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listener = null;
	}

	private void dispatch() {
		NamedPipeConnectionListener listening = this.listener;
		while (true) {
			NamedPipeConnection connection;
			try {
				connection = listening.accept();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (connection == null) {
				return;
			}
			try {
				this.executor.execute(() -> handle(connection));
			}
			catch (RuntimeException ex) {
				// The executor refused (shut down, or interrupted while waiting for a thread).
				connection.abort("No thread to handle the connection: " + ex, ConnectionErrorType.SERVER_SHUTDOWN);
			}
		}
	}

	private void handle(NamedPipeConnection connection) {
		try {
			this.handler.handle(connection);
			connection.close();
		}
		catch (Throwable ex) {
			if (connection.isOpen()) {
				logger.error("Connection handler of named pipe endpoint '" + this.endpoint.id()
						+ "' failed on connection " + connection.id(), ex);
				connection.abort("The connection handler threw " + ex, ConnectionErrorType.UNHANDLED_EXCEPTION);
			}
			else {
				logger.debug("Connection " + connection.id() + " ended while its handler used it", ex);
			}
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	private static void joinUninterruptibly(Thread thread) {
		boolean interrupted = false;
		while (thread.isAlive()) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
