package dev.namedpipe.internal;

import dev.namedpipe.ConnectionErrorType;

/**
 * Told once, on the thread that ends it, that a connection has ended and how: the
 * listener's bookkeeping of its open connections, one instance for all of them.
 */
@FunctionalInterface
public interface ConnectionEndHook {

	/**
	 * Called once the connection's pipe is released.
	 * @param connection the connection
	 * @param type how it ended
	 */
	void connectionEnded(AbstractNamedPipeConnection connection, ConnectionErrorType type);

}
