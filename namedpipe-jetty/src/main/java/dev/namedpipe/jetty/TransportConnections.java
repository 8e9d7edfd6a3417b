package dev.namedpipe.jetty;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;

/**
 * Ends transport connections the way their Jetty side ended, so that the listener's active
 * count and the observer's closed events (with their error type) are right.
 */
final class TransportConnections {

	private TransportConnections() {
	}

	/**
	 * Ends a connection whose Jetty endpoint closed: a clean close sends what is left and ends
	 * the output; a failure aborts it as an I/O error, with the cause as the reason.
	 * @param connection the transport connection
	 * @param failure why the endpoint closed, or {@code null} for a clean close
	 */
	static void release(NamedPipeConnection connection, Throwable failure) {
		if (failure == null) {
			connection.close();
		}
		else {
			abort(connection, failure, ConnectionErrorType.IO_ERROR);
		}
	}

	/**
	 * Aborts a connection, reporting the error type.
	 * @param connection the transport connection
	 * @param cause why
	 * @param type how the connection ended
	 */
	static void abort(NamedPipeConnection connection, Throwable cause, ConnectionErrorType type) {
		connection.abort(String.valueOf(cause), type);
	}

}
