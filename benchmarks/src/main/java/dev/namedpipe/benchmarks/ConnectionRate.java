package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionDispatcher;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.PooledHandlerExecutor;

/**
 * Kestrel's connection benchmark shape: client threads that connect, exchange one byte and
 * close, as fast as they can; the server answers on a fixed number of handler threads.
 */
final class ConnectionRate {

	static final int CLIENT_THREADS = 10;

	private static final int HANDLER_THREADS = 2;

	private static final int BOOT_MAX_HANDLER_THREADS = 200;

	private ConnectionRate() {
	}

	/** Connections per second through our listener with the given queue count. */
	static double namedPipe(Path socket, int queueCount, int connections) throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(socket.toString()),
				options, NamedPipeTransportObserver.NONE)) {
			List<Thread> handlers = new ArrayList<>();
			for (int i = 0; i < HANDLER_THREADS; i++) {
				Thread handler = BlockingEchoServers.daemon("rate-handler", () -> {
					try {
						for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
							try (NamedPipeConnection connection = next) {
								int b = connection.inputStream().read();
								connection.outputStream().write(b);
							}
							catch (IOException ex) {
								// client gone
							}
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				handler.start();
				handlers.add(handler);
			}
			double rate = drive(UnixDomainSocketAddress.of(socket), connections);
			listener.close();
			for (Thread handler : handlers) {
				handler.join();
			}
			return rate;
		}
	}

	/**
	 * Connections per second through the path the Spring Boot starter gives a raw handler:
	 * our listener with the default queue count, a {@link NamedPipeConnectionDispatcher} thread,
	 * and the starter's executor on platform threads ({@link PooledHandlerExecutor}, at most
	 * {@code namedpipe.max-handler-threads}, 200, handlers at once).
	 */
	static double dispatched(Path socket, int connections) throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.defaults();
		PooledHandlerExecutor executor = new PooledHandlerExecutor("rate-dispatched-", BOOT_MAX_HANDLER_THREADS);
		NamedPipeConnectionListener listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(socket.toString()), options,
				NamedPipeTransportObserver.NONE);
		NamedPipeConnectionDispatcher dispatcher = NamedPipeConnectionDispatcher.start(listener, (connection) -> {
			int b = connection.inputStream().read();
			connection.outputStream().write(b);
		}, executor);
		try {
			return drive(UnixDomainSocketAddress.of(socket), connections);
		}
		finally {
			dispatcher.shutdown(Duration.ofSeconds(30));
			executor.close();
		}
	}

	/** Connections per second through a raw JDK Unix-socket server with the same handler threads. */
	static double jdkUnix(Path socket, int connections) throws Exception {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket), 512);
		List<Thread> handlers = new ArrayList<>();
		for (int i = 0; i < HANDLER_THREADS; i++) {
			Thread handler = BlockingEchoServers.daemon("rate-jdk-handler", () -> {
				ByteBuffer one = ByteBuffer.allocate(1);
				try {
					while (true) {
						try (SocketChannel client = server.accept()) {
							one.clear();
							if (client.read(one) > 0) {
								one.flip();
								client.write(one);
							}
						}
						catch (java.nio.channels.ClosedChannelException ex) {
							throw ex;
						}
						catch (IOException ex) {
							// client gone
						}
					}
				}
				catch (IOException ex) {
					// closed
				}
			});
			handler.start();
			handlers.add(handler);
		}
		try {
			return drive(UnixDomainSocketAddress.of(socket), connections);
		}
		finally {
			server.close();
			for (Thread handler : handlers) {
				handler.join();
			}
			Files.deleteIfExists(socket);
		}
	}

	/**
	 * Connections per second through a raw JDK Unix-socket server shaped like most servers: one
	 * thread accepts and hands each socket to a pool of the same number of handler threads.
	 * With a {@link PeerCheck}, the accepting thread closes a peer of another user before the
	 * hand-off, as our listener does by default.
	 */
	static double jdkUnixWithPool(Path socket, int connections, @Nullable PeerCheck peerCheck) throws Exception {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket), 512);
		ExecutorService pool = Executors.newFixedThreadPool(HANDLER_THREADS,
				(task) -> BlockingEchoServers.daemon("rate-pool-handler", task));
		Thread acceptor = BlockingEchoServers.daemon("rate-pool-acceptor", () -> {
			try {
				while (true) {
					SocketChannel client = server.accept();
					if (peerCheck == null || peerCheck.admits(client)) {
						pool.execute(() -> echoOneByte(client));
					}
					else {
						client.close();
					}
				}
			}
			catch (IOException ex) {
				// closed
			}
		});
		acceptor.start();
		try {
			return drive(UnixDomainSocketAddress.of(socket), connections);
		}
		finally {
			server.close();
			acceptor.join();
			pool.shutdown();
			pool.awaitTermination(1, TimeUnit.MINUTES);
			Files.deleteIfExists(socket);
		}
	}

	private static void echoOneByte(SocketChannel client) {
		ByteBuffer one = ByteBuffer.allocate(1);
		try (client) {
			if (client.read(one) > 0) {
				one.flip();
				client.write(one);
			}
		}
		catch (IOException ex) {
			// client gone
		}
	}

	private static double drive(SocketAddress address, int connections) throws Exception {
		AtomicLong remaining = new AtomicLong(connections);
		List<CompletableFuture<Void>> clients = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < CLIENT_THREADS; i++) {
			clients.add(CompletableFuture.runAsync(() -> {
				ByteBuffer one = ByteBuffer.allocate(1);
				while (remaining.getAndDecrement() > 0) {
					try (SocketChannel channel = EchoMeasurements.connect(address)) {
						one.clear();
						channel.write(one);
						one.clear();
						if (channel.read(one) != 1) {
							throw new IOException("no answer");
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			}, (task) -> BlockingEchoServers.daemon("rate-client", task).start()));
		}
		CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
		return connections / (Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9);
	}

}
