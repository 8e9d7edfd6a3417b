package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import jdk.net.ExtendedSocketOptions;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Wraps a client's connected Unix socket as a connection whose peer is the server.
 */
public final class UnixDomainSocketClient {

	private UnixDomainSocketClient() {
	}

	/**
	 * Wraps a connected channel.
	 * @param endPoint the endpoint connected to
	 * @param options the buffer limits
	 * @param channel the connected channel
	 * @return the connection
	 * @throws IOException when the server's identity cannot be read
	 */
	public static NamedPipeConnection connected(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			SocketChannel channel) throws IOException {
		return new UnixDomainSocketConnection(endPoint,
				UnixDomainSocketServer.identityOf(channel.getOption(ExtendedSocketOptions.SO_PEERCRED)), options,
				channel);
	}

}
