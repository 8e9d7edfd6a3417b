package dev.namedpipe.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Hostile peers on the raw transport: clients that connect and vanish, a client that floods
 * without reading the echo, a client that stops reading in the middle of a large response.
 * The server never holds more than its buffer limits for a connection, and the listener keeps
 * serving everyone else.
 */
class HostilePeersIT {

	/** The read-ahead buffer: {@code min(max-read-buffer-size, 8 KiB)} (docs/architecture.md). */
	private static final long READ_AHEAD_LIMIT = Math.min(NamedPipeTransportOptions.DEFAULT_MAX_READ_BUFFER_SIZE, 8192);

	private static final long WRITE_LIMIT = NamedPipeTransportOptions.DEFAULT_MAX_WRITE_BUFFER_SIZE;

	private static final int HOSTILE_BYTES = 32 * 1024 * 1024;

	private final RecordingObserver observer = new RecordingObserver();

	private final List<AbstractNamedPipeConnection> served = new CopyOnWriteArrayList<>();

	private final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();

	private final AtomicInteger endOfStreamFirst = new AtomicInteger();

	private Path shortDirectory;

	private NamedPipeEndPoint endPoint;

	private NamedPipeConnectionListener listener;

	private BufferSampler sampler;

	@BeforeEach
	void startServer() throws IOException {
		this.shortDirectory = Pipes.shortDirectory();
		this.endPoint = Pipes.endPointIn(this.shortDirectory);
		this.listener = Pipes.bind(this.endPoint, this.observer);
		this.sampler = new BufferSampler(this.served);
		Background.call("accept", () -> {
			for (NamedPipeConnection next = this.listener.accept(); next != null; next = this.listener.accept()) {
				AbstractNamedPipeConnection connection = (AbstractNamedPipeConnection) next;
				this.served.add(connection);
				Background.call("serve", () -> serve(connection)).whenComplete((result, failure) -> {
					if (failure != null) {
						this.handlerFailures.add(failure);
					}
				});
			}
			return null;
		});
	}

	@AfterEach
	void stopServer() throws Exception {
		this.sampler.close();
		assertThat(this.listener.shutdown(Duration.ofSeconds(10))).isTrue();
		assertThat(this.listener.activeConnections()).isZero();
		assertThat(this.shortDirectory).isEmptyDirectory();
		Files.delete(this.shortDirectory);
	}

	/**
	 * First byte: 'P' answers one byte, 'E' echoes everything byte by byte, 'D' sends
	 * {@link #HOSTILE_BYTES} in small writes. Small reads and writes go through the
	 * connection's buffers (large ones bypass them), so the limits are what is tested.
	 */
	private Void serve(NamedPipeConnection connection) throws IOException {
		try (connection) {
			InputStream in = connection.inputStream();
			OutputStream out = connection.outputStream();
			int command = in.read();
			switch (command) {
				case -1 -> this.endOfStreamFirst.incrementAndGet();
				case 'P' -> out.write('p');
				case 'E' -> {
					for (int b = in.read(); b >= 0; b = in.read()) {
						out.write(b);
					}
				}
				case 'D' -> {
					byte[] chunk = new byte[1000];
					for (int sent = 0; sent < HOSTILE_BYTES; sent += chunk.length) {
						out.write(chunk);
					}
				}
				default -> throw new IOException("Unknown command " + command);
			}
		}
		return null;
	}

	@Test
	void connectAndVanishThousandTimesNeverStopsAccepting() throws Exception {
		for (int i = 0; i < 1000; i++) {
			RawPipeClient.connect(this.endPoint.address()).close();
		}
		await().atMost(Pipes.WAIT)
			.untilAsserted(() -> assertThat(this.observer.accepted() + this.observer.brokenPipes()).isEqualTo(1000));
		assertPingAnswered();
		await().atMost(Pipes.WAIT).until(() -> this.listener.activeConnections() == 0);
		Figures.report("connect-and-vanish", "vanished=1000 accepted=%d (read end of stream first: %d) pipeBroken=%d rejected=%d listening=%s",
				this.observer.accepted() - 1, this.endOfStreamFirst.get(), this.observer.brokenPipes(),
				this.observer.rejections().size(), this.listener.isListening());
		assertThat(this.listener.isListening()).isTrue();
		assertThat(this.endOfStreamFirst.get() + this.observer.brokenPipes() + this.handlerFailures.size())
			.isEqualTo(1000);
		if (TestPlatform.isWindows()) {
			// A client that opened an instance and left before the accept loop's ConnectNamedPipe
			// on it is ERROR_NO_DATA: a broken pipe, survived.
			assertThat(this.observer.brokenPipes()).isPositive();
		}
	}

	@Test
	void floodWithoutReadingTheEchoIsHeldBackByThePipe() throws Exception {
		RawPipeClient flooder = RawPipeClient.connect(this.endPoint.address());
		CompletableFuture<Void> flood = Background.call("flood", () -> {
			byte[] data = new byte[HOSTILE_BYTES];
			data[0] = 'E';
			flooder.write(data);
			return null;
		});
		AbstractNamedPipeConnection victim = awaitServed(1);
		// the victim's echo has filled the pipe (a Win32 instance takes 64 KiB, a Unix socket more)
		await().atMost(Pipes.WAIT).until(() -> victim.bytesWritten() >= 64 * 1024);
		assertPingAnswered();

		assertThat(flood).isNotDone();
		assertThat(victim.bytesRead()).isLessThan(HOSTILE_BYTES);
		assertBuffersWithinLimits("flood without reading", victim);
		victim.abort("the test ends the flood");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> flood.get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(IOException.class);
		flooder.close();
	}

	@Test
	void peerStoppingToReadMidResponseBlocksOnlyItsOwnConnection() throws Exception {
		RawPipeClient reader = RawPipeClient.connect(this.endPoint.address());
		reader.write(new byte[] { 'D' });
		assertThat(reader.readAtMost(256 * 1024)).hasSizeGreaterThanOrEqualTo(256 * 1024);
		AbstractNamedPipeConnection victim = awaitServed(1);
		assertPingAnswered();

		assertThat(victim.isOpen()).isTrue();
		assertThat(victim.bytesWritten()).isLessThan(HOSTILE_BYTES);
		assertBuffersWithinLimits("peer stops reading mid-response", victim);
		reader.close();
		await().atMost(Pipes.WAIT).until(() -> !victim.isOpen());
		await().atMost(Pipes.WAIT).untilAsserted(() -> assertThat(this.handlerFailures).singleElement()
			.isInstanceOf(IOException.class));
	}

	private AbstractNamedPipeConnection awaitServed(int count) {
		await().atMost(Pipes.WAIT).until(() -> this.served.size() >= count);
		return this.served.get(count - 1);
	}

	/** Another client is answered while the hostile peer holds its connection. */
	private void assertPingAnswered() throws IOException {
		try (NamedPipeConnection client = Pipes.connect(this.endPoint)) {
			client.outputStream().write('P');
			client.outputStream().flush();
			assertThat(client.inputStream().read()).isEqualTo('p');
		}
	}

	private void assertBuffersWithinLimits(String testCase, AbstractNamedPipeConnection victim) {
		Figures.report(testCase, "victim read=%dB written=%dB, most buffered over %d samples: read-ahead=%dB (limit %d) write=%dB (limit %d)",
				victim.bytesRead(), victim.bytesWritten(), this.sampler.samples(), this.sampler.maxRead(),
				READ_AHEAD_LIMIT, this.sampler.maxWrite(), WRITE_LIMIT);
		assertThat(this.sampler.samples()).isPositive();
		assertThat(this.sampler.maxRead()).isLessThanOrEqualTo(READ_AHEAD_LIMIT);
		// not required to be positive: a blocked flush reports 0 while it holds the buffer
		assertThat(this.sampler.maxWrite()).isLessThanOrEqualTo(WRITE_LIMIT);
	}

}
