package dev.namedpipe.boot.autoconfigure;

import dev.namedpipe.NamedPipeConnection;

/**
 * Serves raw connections accepted on a named-pipe endpoint. Each connection is handed to
 * {@link #handle} on a thread of its own (a virtual thread when
 * {@code spring.threads.virtual.enabled=true} on Java 21 or later); the connection is
 * closed when the method returns, and aborted with
 * {@link dev.namedpipe.ConnectionErrorType#UNHANDLED_EXCEPTION} when it throws.
 */
@FunctionalInterface
public interface NamedPipeConnectionHandler {

	/**
	 * Serves one connection.
	 * @param connection the accepted connection
	 * @throws Exception when serving fails; the exception is logged and the connection
	 * aborted
	 */
	void handle(NamedPipeConnection connection) throws Exception;

}
