package dev.namedpipe;

import java.io.IOException;

/**
 * Thrown by reads of a connection that was aborted; the message is the abort reason.
 */
public class ConnectionAbortedException extends IOException {

	/**
	 * Creates an exception.
	 * @param reason the reason given to {@link NamedPipeConnection#abort(String)}
	 * @param cause the I/O failure the abort caused, if any
	 */
	public ConnectionAbortedException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
