package dev.namedpipe;

import java.io.IOException;
import java.time.Duration;

/**
 * Receives what happens on a listener, for metrics. Called on transport threads and on the
 * thread closing a connection: implementations must be fast, thread-safe and must not
 * throw.
 */
public interface NamedPipeTransportObserver {

	/** An observer that ignores everything. */
	NamedPipeTransportObserver NONE = new NamedPipeTransportObserver() {
	};

	/**
	 * A client connected and passed the listener's checks.
	 * @param connection the new connection
	 */
	default void connectionAccepted(NamedPipeConnection connection) {
	}

	/**
	 * Accepting failed with an I/O error (typically a client that connected and vanished);
	 * the listener goes on accepting.
	 * @param endPoint the listener's endpoint
	 * @param cause the error
	 */
	default void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
	}

	/**
	 * A client was refused.
	 * @param endPoint the listener's endpoint
	 * @param reason why
	 * @param message the message logged for it
	 */
	default void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
	}

	/**
	 * A connection closed.
	 * @param connection the connection (its byte counts are final)
	 * @param duration how long it was open
	 * @param errorType how it ended
	 */
	default void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
	}

	/**
	 * The listener failed and stopped accepting; reported once.
	 * @param endPoint the listener's endpoint
	 * @param cause the failure
	 */
	default void listenerAborted(NamedPipeEndPoint endPoint, Throwable cause) {
	}

}
