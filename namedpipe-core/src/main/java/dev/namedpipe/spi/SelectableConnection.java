package dev.namedpipe.spi;

import java.nio.channels.SocketChannel;

import dev.namedpipe.NamedPipeConnection;

/**
 * A connection over a socket channel that a server may drive on its own selector instead of
 * through the connection's streams (the Unix backend's connections are). For the project's
 * own modules: the module exports this package to {@code dev.namedpipe.jetty} only.
 */
public interface SelectableConnection extends NamedPipeConnection {

	/**
	 * The underlying channel. Closing or aborting the connection closes it.
	 * @return the channel
	 */
	SocketChannel channel();

	/**
	 * Counts bytes that the server moved over the channel itself, so that the connection's
	 * and the listener's byte counts stay complete.
	 * @param read bytes read from the channel
	 * @param written bytes written to the channel
	 */
	void recordTransferred(long read, long written);

}
