package dev.namedpipe.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client on a Unix socket through the JDK's own channel, to talk to the endpoints under
 * test the way any other process would.
 */
final class TestPipeClient implements AutoCloseable {

	private final SocketChannel channel;

	private final BufferedReader reader;

	private final OutputStream output;

	private TestPipeClient(SocketChannel channel) {
		this.channel = channel;
		this.reader = new BufferedReader(
				new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
		this.output = Channels.newOutputStream(channel);
	}

	static TestPipeClient connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
			return new TestPipeClient(channel);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Connects, sends one line, reads one line back, and disconnects.
	 */
	static String exchange(Path socket, String line) throws IOException {
		try (TestPipeClient client = connect(socket)) {
			client.send(line);
			return client.readLine();
		}
	}

	void send(String line) throws IOException {
		this.output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

	String readLine() throws IOException {
		return this.reader.readLine();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
