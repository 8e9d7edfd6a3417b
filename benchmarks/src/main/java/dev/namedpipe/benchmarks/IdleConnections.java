package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Client side of the memory scenario: opens many connections to a server under test and keeps
 * them idle (HTTP: after one keep-alive request answered on each).
 */
final class IdleConnections implements AutoCloseable {

	private static final byte[] REQUEST = ("GET " + HttpBenchmarkApplication.SMALL
			+ " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

	private final List<SocketChannel> channels = new ArrayList<>();

	static IdleConnections raw(Path socket, int count) throws IOException {
		IdleConnections connections = new IdleConnections();
		for (int i = 0; i < count; i++) {
			connections.open(socket);
		}
		return connections;
	}

	static IdleConnections http(Path socket, int count) throws IOException {
		IdleConnections connections = new IdleConnections();
		for (int i = 0; i < count; i++) {
			SocketChannel channel = connections.open(socket);
			channel.write(ByteBuffer.wrap(REQUEST));
		}
		for (SocketChannel channel : connections.channels) {
			awaitResponse(channel);
		}
		return connections;
	}

	private SocketChannel open(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		this.channels.add(channel);
		channel.connect(UnixDomainSocketAddress.of(socket));
		return channel;
	}

	/** Reads one response with a {@code Content-Length} body (the small GET's). */
	private static void awaitResponse(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		while (true) {
			if (channel.read(buffer) < 0) {
				throw new IOException("Connection closed before the response");
			}
			String received = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
			int headersEnd = received.indexOf("\r\n\r\n");
			if (headersEnd >= 0) {
				if (!received.startsWith("HTTP/1.1 200")) {
					throw new IOException("Unexpected response: " + received);
				}
				String headers = received.substring(0, headersEnd + 2).toLowerCase(Locale.ROOT);
				int length = headers.indexOf("content-length:");
				int bodyLength = (length < 0) ? 0
						: Integer.parseInt(headers.substring(length + 15, headers.indexOf("\r\n", length)).trim());
				if (received.length() >= headersEnd + 4 + bodyLength) {
					return;
				}
			}
		}
	}

	int size() {
		return this.channels.size();
	}

	@Override
	public void close() throws IOException {
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
	}

}
