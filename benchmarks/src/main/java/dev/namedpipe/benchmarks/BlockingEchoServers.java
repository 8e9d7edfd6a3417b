package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Echo servers with a thread per connection: ours, and the raw JDK channel over a Unix socket
 * (the limit) and over TCP loopback.
 */
final class BlockingEchoServers {

	private static final int BUFFER = 64 * 1024;

	private BlockingEchoServers() {
	}

	/** Our transport: listener, connection streams. */
	static EchoServer namedPipe(Path socket, int queueCount) throws IOException {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build();
		NamedPipeConnectionListener listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(socket.toString()),
				options, NamedPipeTransportObserver.NONE);
		Thread acceptor = daemon("namedpipe-echo-accept", () -> {
			try {
				for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
					NamedPipeConnection connection = next;
					daemon("namedpipe-echo", () -> echo(connection)).start();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		acceptor.start();
		return new Running("namedpipe (ours)", UnixDomainSocketAddress.of(socket), () -> {
			try {
				listener.shutdown(Duration.ofSeconds(1));
				acceptor.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static void echo(NamedPipeConnection connection) {
		try (connection) {
			InputStream in = connection.inputStream();
			OutputStream out = connection.outputStream();
			byte[] buffer = new byte[BUFFER];
			for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
				out.write(buffer, 0, count);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	/** The raw JDK blocking Unix-socket echo: the limit we hold ourselves to. */
	static EchoServer jdkUnix(Path socket) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket));
		return channelEcho("raw JDK unix socket", server, UnixDomainSocketAddress.of(socket), socket);
	}

	/** The raw JDK blocking echo over TCP loopback. */
	static EchoServer jdkTcp() throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return channelEcho("raw JDK TCP loopback", server, server.getLocalAddress(), null);
	}

	private static EchoServer channelEcho(String name, ServerSocketChannel server, SocketAddress address,
			Path socketFile) {
		Thread acceptor = daemon("jdk-echo-accept", () -> {
			try {
				while (true) {
					SocketChannel client = server.accept();
					daemon("jdk-echo", () -> echo(client)).start();
				}
			}
			catch (IOException ex) {
				// closed
			}
		});
		acceptor.start();
		return new Running(name, address, () -> {
			try {
				server.close();
				acceptor.join();
				if (socketFile != null) {
					Files.deleteIfExists(socketFile);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static void echo(SocketChannel client) {
		try (client) {
			ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
			while (client.read(buffer) >= 0) {
				buffer.flip();
				while (buffer.hasRemaining()) {
					client.write(buffer);
				}
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private record Running(String name, SocketAddress address, Runnable stopper) implements EchoServer {

		@Override
		public void close() {
			this.stopper.run();
		}

	}

}
