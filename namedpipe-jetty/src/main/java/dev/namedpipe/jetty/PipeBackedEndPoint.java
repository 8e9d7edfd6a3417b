package dev.namedpipe.jetty;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.spi.AbstractNamedPipeConnection;

/**
 * A Jetty endpoint that carries one connection of our transport, which it closes when it
 * closes so that the listener's active count, closed events and byte counts stay right.
 */
interface PipeBackedEndPoint {

	/**
	 * The transport connection under this endpoint.
	 * @return the connection
	 */
	NamedPipeConnection pipeConnection();

	/**
	 * Ends a transport connection the way its Jetty endpoint ended: a clean close sends what is
	 * left and ends the output; a failure aborts it with the cause as the reason.
	 * @param connection the transport connection
	 * @param failure why the endpoint closed, or {@code null} for a clean close
	 */
	static void release(NamedPipeConnection connection, Throwable failure) {
		if (failure == null) {
			connection.close();
		}
		else if (connection instanceof AbstractNamedPipeConnection transportConnection) {
			transportConnection.abort(String.valueOf(failure), ConnectionErrorType.IO_ERROR);
		}
		else {
			connection.abort(String.valueOf(failure));
		}
	}

}
