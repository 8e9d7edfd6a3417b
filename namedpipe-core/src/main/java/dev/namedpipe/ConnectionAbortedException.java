package dev.namedpipe;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by reads of a connection that was aborted; the message is the abort reason.
 */
public class ConnectionAbortedException extends IOException {

	/**
	 * Creates an exception.
	 * @param reason the reason given to {@link NamedPipeConnection#abort(String)}
	 * @param cause the I/O failure the abort caused, if any
	 */
	public ConnectionAbortedException(String reason, @Nullable Throwable cause) {
		super(reason, cause);
	}

}
