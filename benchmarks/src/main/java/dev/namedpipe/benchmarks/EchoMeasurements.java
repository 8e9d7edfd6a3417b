package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * What one client measures against an echo server, with the same JDK blocking client for
 * every server.
 */
final class EchoMeasurements {

	private EchoMeasurements() {
	}

	static SocketChannel connect(SocketAddress address) throws IOException {
		SocketChannel channel = (address instanceof UnixDomainSocketAddress)
				? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
		channel.connect(address);
		return channel;
	}

	/**
	 * Round trips of one byte on one connection.
	 * @return mean microseconds per round trip
	 */
	static double pingPongMicros(EchoServer server, int roundTrips) throws IOException {
		try (SocketChannel channel = connect(server.address())) {
			ByteBuffer ping = ByteBuffer.allocateDirect(1);
			ByteBuffer pong = ByteBuffer.allocateDirect(1);
			long start = System.nanoTime();
			for (int i = 0; i < roundTrips; i++) {
				ping.clear();
				channel.write(ping);
				pong.clear();
				if (channel.read(pong) < 0) {
					throw new IOException(server.name() + " closed the connection");
				}
			}
			return (System.nanoTime() - start) / 1000.0 / roundTrips;
		}
	}

	/**
	 * Streams bytes through the echo in 64 KiB writes while another thread reads them back.
	 * @return MiB per second echoed
	 */
	static double echoThroughputMiBps(EchoServer server, long bytes) throws Exception {
		try (SocketChannel channel = connect(server.address())) {
			CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> drain(channel, bytes),
					(task) -> BlockingEchoServers.daemon("bench-reader", task).start());
			ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
			long start = System.nanoTime();
			long sent = 0;
			while (sent < bytes) {
				chunk.clear();
				chunk.limit((int) Math.min(chunk.capacity(), bytes - sent));
				while (chunk.hasRemaining()) {
					sent += channel.write(chunk);
				}
			}
			long received = reader.get();
			long nanos = System.nanoTime() - start;
			if (received != bytes) {
				throw new IOException(server.name() + " echoed " + received + " of " + bytes + " bytes");
			}
			return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
		}
	}

	private static long drain(SocketChannel channel, long bytes) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
		long received = 0;
		try {
			while (received < bytes) {
				buffer.clear();
				int count = channel.read(buffer);
				if (count < 0) {
					break;
				}
				received += count;
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return received;
	}

}
