package dev.namedpipe.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Stands between an HTTP/2 client and its server on two pipes: forwards the bytes both ways
 * and counts the client's PING frames. {@link #freeze() Frozen}, it forwards nothing more but
 * keeps both connections open, as a server that hangs does.
 */
final class FreezableRelay implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(30);

	// "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", then frames of a 9-byte header each
	private static final int PREFACE_BYTES = 24;

	private static final int FRAME_HEADER_BYTES = 9;

	private static final int PING = 0x6;

	private static final int ACK = 0x1;

	private final NamedPipeConnectionListener listener;

	private final NamedPipeEndPoint server;

	private final NamedPipeTransportOptions clientOptions;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<NamedPipeConnection> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger pings = new AtomicInteger();

	private volatile boolean frozen;

	private FreezableRelay(NamedPipeConnectionListener listener, NamedPipeEndPoint server,
			NamedPipeTransportOptions clientOptions) {
		this.listener = listener;
		this.server = server;
		this.clientOptions = clientOptions;
	}

	/**
	 * Listens on {@code front}, relaying each connection to {@code server}.
	 * @param front the pipe clients connect to
	 * @param server the server's pipe
	 * @param clientOptions how the relay connects to the server
	 * @return the running relay
	 * @throws IOException when the pipe cannot be bound
	 */
	static FreezableRelay start(NamedPipeEndPoint front, NamedPipeEndPoint server,
			NamedPipeTransportOptions clientOptions) throws IOException {
		FreezableRelay relay = new FreezableRelay(NamedPipeTransport.bind(front, NamedPipeTransportOptions.defaults(),
				NamedPipeTransportObserver.NONE), server, clientOptions);
		relay.threads.execute(relay::acceptLoop);
		return relay;
	}

	/**
	 * The pipe clients connect to.
	 * @return the relay's endpoint
	 */
	NamedPipeEndPoint front() {
		return this.listener.endPoint();
	}

	/** From now on nothing is forwarded either way. */
	void freeze() {
		this.frozen = true;
	}

	/**
	 * The PING frames (not acknowledgements) that clients sent, forwarded or not.
	 * @return the count
	 */
	int pingsFromClients() {
		return this.pings.get();
	}

	private void acceptLoop() {
		try {
			for (NamedPipeConnection next = this.listener.accept(); next != null; next = this.listener.accept()) {
				NamedPipeConnection client = next;
				NamedPipeConnection upstream = NamedPipeClient.connect(this.server, this.clientOptions, WAIT);
				this.connections.add(client);
				this.connections.add(upstream);
				this.threads.execute(() -> pump(client, upstream, new PingCounter()));
				this.threads.execute(() -> pump(upstream, client, null));
			}
		}
		catch (IOException ex) {
			// the relay closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void pump(NamedPipeConnection from, NamedPipeConnection to, @Nullable PingCounter counter) {
		byte[] buffer = new byte[16 * 1024];
		try (from; to) {
			InputStream in = from.inputStream();
			OutputStream out = to.outputStream();
			for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
				if (counter != null) {
					counter.scan(buffer, count);
				}
				if (!this.frozen) {
					out.write(buffer, 0, count);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// one side went away: the other is closed with it
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.listener.close();
		this.connections.forEach(NamedPipeConnection::close);
		this.threads.shutdown();
		if (!this.threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)) {
			throw new IllegalStateException("The relay's threads did not end");
		}
	}

	/** Walks the frames of a client's byte stream, counting its PINGs. */
	private final class PingCounter {

		private long skip = PREFACE_BYTES;

		private final byte[] header = new byte[FRAME_HEADER_BYTES];

		private int headerBytes;

		void scan(byte[] bytes, int count) {
			int position = 0;
			while (position < count) {
				if (this.skip > 0) {
					int skipped = (int) Math.min(this.skip, count - position);
					this.skip -= skipped;
					position += skipped;
					continue;
				}
				this.header[this.headerBytes++] = bytes[position++];
				if (this.headerBytes == FRAME_HEADER_BYTES) {
					this.headerBytes = 0;
					int length = ((this.header[0] & 0xFF) << 16) | ((this.header[1] & 0xFF) << 8) | (this.header[2] & 0xFF);
					if (this.header[3] == PING && (this.header[4] & ACK) == 0) {
						FreezableRelay.this.pings.incrementAndGet();
					}
					this.skip = length;
				}
			}
		}

	}

}
