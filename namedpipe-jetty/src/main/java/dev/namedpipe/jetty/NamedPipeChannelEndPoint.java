package dev.namedpipe.jetty;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.spi.SelectableConnection;

/**
 * A Unix connection driven by Jetty's selector: Jetty reads and writes the non-blocking
 * channel itself, with no copy and no thread while idle; this endpoint only counts the bytes
 * into the transport connection and lets that connection close the channel.
 */
final class NamedPipeChannelEndPoint extends SocketChannelEndPoint implements PipeBackedEndPoint {

	private final SelectableConnection pipeConnection;

	private final SocketAddress localAddress;

	private volatile boolean outputEnded;

	/**
	 * Creates the endpoint of an accepted or a client connection.
	 * @param pipeConnection the transport connection
	 * @param localAddress for an accepted connection the pipe's socket address, one instance
	 * shared by the connector's endpoints; {@code null} for a client, whose local address is
	 * the channel's
	 * @param selector the selector driving the channel
	 * @param key the channel's selection key
	 * @param scheduler the scheduler of idle timeouts
	 */
	NamedPipeChannelEndPoint(SelectableConnection pipeConnection, SocketAddress localAddress,
			ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
		super(pipeConnection.channel(), selector, key, scheduler);
		this.pipeConnection = pipeConnection;
		this.localAddress = localAddress;
	}

	// The channel reports the private path the socket was bound at before it was moved into
	// place; the pipe's path is the one clients know.
	@Override
	public SocketAddress getLocalSocketAddress() {
		return (this.localAddress != null) ? this.localAddress : super.getLocalSocketAddress();
	}

	@Override
	public NamedPipeConnection pipeConnection() {
		return this.pipeConnection;
	}

	@Override
	public int fill(ByteBuffer buffer) throws IOException {
		int filled = super.fill(buffer);
		if (filled > 0) {
			this.pipeConnection.recordTransferred(filled, 0);
		}
		return filled;
	}

	@Override
	public boolean flush(ByteBuffer... buffers) throws IOException {
		long before = remaining(buffers);
		try {
			return super.flush(buffers);
		}
		finally {
			long written = before - remaining(buffers);
			if (written > 0) {
				this.pipeConnection.recordTransferred(0, written);
			}
		}
	}

	private static long remaining(ByteBuffer[] buffers) {
		long remaining = 0;
		for (ByteBuffer buffer : buffers) {
			remaining += (buffer != null) ? buffer.remaining() : 0;
		}
		return remaining;
	}

	@Override
	protected void doShutdownOutput() {
		this.outputEnded = true;
		super.doShutdownOutput();
	}

	// The transport connection owns the channel: it is closed in onClose, where the cause is
	// known, so that the connection reports how it ended.
	@Override
	public void doClose() {
	}

	// Once the server ended its output, the exchange is complete: Jetty may still close with a
	// cause when the client then ends its side (after a "Connection: close" response whose
	// request had a body, "Parser is terminated"), which is no failure of the connection.
	@Override
	public void onClose(Throwable cause) {
		try {
			TransportConnections.release(this.pipeConnection, this.outputEnded ? null : cause);
		}
		finally {
			super.onClose(cause);
		}
	}

}
