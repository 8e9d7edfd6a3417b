package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.spi.SelectableConnection;

/**
 * A connection over a blocking Unix domain socket channel.
 */
public final class UnixDomainSocketConnection extends AbstractNamedPipeConnection implements SelectableConnection {

	private final SocketChannel channel;

	UnixDomainSocketConnection(NamedPipeEndPoint endPoint, PeerIdentity peer, NamedPipeTransportOptions options,
			SocketChannel channel) {
		super(endPoint, peer, options);
		this.channel = channel;
	}

	@Override
	public SocketChannel channel() {
		return this.channel;
	}

	@Override
	protected int readFromPipe(ByteBuffer target) throws IOException {
		return this.channel.read(target);
	}

	@Override
	protected void writeToPipe(ByteBuffer source) throws IOException {
		while (source.hasRemaining()) {
			this.channel.write(source);
		}
	}

	// close(2) leaves the bytes written in the peer's receive queue, then end of stream: no
	// shutdown(SHUT_WR) first.
	@Override
	protected void releasePipe() throws IOException {
		this.channel.close();
	}

}
