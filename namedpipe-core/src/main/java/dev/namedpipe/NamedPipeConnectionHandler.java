package dev.namedpipe;

/**
 * Serves the connections of a {@link NamedPipeConnectionDispatcher}, one call per
 * connection on a thread of the dispatcher's executor. The connection is closed when the
 * method returns, and aborted with {@link ConnectionErrorType#UNHANDLED_EXCEPTION} when it
 * throws.
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
