package dev.namedpipe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.UnixOnly;
import dev.namedpipe.unix.UnixDomainSocketConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connection semantics over real pipes, on both platforms, with the JDK's own client on the
 * other end ({@link RawPipeClient}): end of stream, abort, no data loss, buffer limits, byte
 * counts.
 */
class NamedPipeConnectionTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private NamedPipeConnectionListener listener;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws IOException {
		if (this.listener != null) {
			this.listener.close();
		}
		TestPipes.assertReleased(this.endPoint);
		Files.delete(this.directory);
	}

	private void listen(NamedPipeTransportOptions options) throws IOException {
		this.listener = NamedPipeTransport.bind(this.endPoint, options, NamedPipeTransportObserver.NONE);
	}

	private RawPipeClient connectClient() throws IOException {
		return RawPipeClient.connect(this.endPoint.address());
	}

	private AbstractNamedPipeConnection accept() throws InterruptedException, TimeoutException {
		return (AbstractNamedPipeConnection) this.listener.accept(WAIT);
	}

	@Test
	@UnixOnly("Windows impersonates the client: WindowsPipeConnectionTests, WindowsNamedPipeIntegrationTests")
	void runAsClientIsUnsupportedOnUnixNamingThePipe() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection server = accept()) {
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> server.runAsClient(() -> "never"))
				.withMessageContaining("Named pipe '" + this.endPoint.name() + "'")
				.withMessageContaining("Windows feature");
		}
	}

	// Compared with a socket of the test's own given the same value, since the kernel doubles it
	// and caps it at net.core.wmem_max: without the option an accepted socket has the default.
	@ParameterizedTest
	@ValueSource(ints = { 0, 1024 * 1024 })
	@UnixOnly("Windows sizes pipe instances: WindowsPipeServerTests, WindowsNamedPipeIntegrationTests")
	void acceptedUnixSocketsHaveTheConfiguredSendBuffer(int size) throws Exception {
		listen(NamedPipeTransportOptions.builder().unixSendBufferSize(size).build());
		try (RawPipeClient client = connectClient(); SocketChannel reference = SocketChannel.open(StandardProtocolFamily.UNIX);
				UnixDomainSocketConnection server = (UnixDomainSocketConnection) accept()) {
			if (size > 0) {
				reference.setOption(StandardSocketOptions.SO_SNDBUF, size);
			}
			assertThat(server.channel().getOption(StandardSocketOptions.SO_SNDBUF))
				.isEqualTo(reference.getOption(StandardSocketOptions.SO_SNDBUF));
		}
	}

	@Test
	void clientCloseIsEndOfStreamAfterItsData() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			client.write("ping".getBytes());
			client.close();
			assertThat(connection.inputStream().readAllBytes()).asString().isEqualTo("ping");
			assertThat(connection.inputStream().read()).isEqualTo(-1);
			assertThat(connection.bytesRead()).isEqualTo(4);
		}
	}

	@Test
	void serverCloseIsEndOfStreamAfterItsData() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			connection.outputStream().write("pong".getBytes());
			connection.close();
			assertThat(client.readAll()).isEqualTo("pong");
			assertThat(connection.bytesWritten()).isEqualTo(4);
		}
	}

	@Test
	@UnixOnly("half close (shutdown(SHUT_WR)) of a Unix socket; a Win32 pipe has none")
	void halfClosedClientStillReadsTheReply() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(this.endPoint.unixSocketPath()));
				NamedPipeConnection connection = accept()) {
			client.write(ByteBuffer.wrap("ping".getBytes()));
			client.shutdownOutput();
			assertThat(connection.inputStream().readAllBytes()).asString().isEqualTo("ping");
			connection.outputStream().write("pong".getBytes());
			connection.close();
			ByteBuffer reply = ByteBuffer.allocate(8);
			while (client.read(reply) >= 0) {
				// until the server's end of stream
			}
			assertThat(new String(reply.array(), 0, reply.position())).isEqualTo("pong");
		}
	}

	@Test
	void readBlockedWhenClosedLocallyReturnsEndOfStream() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			CompletableFuture<Integer> read = Background.callUntilBlocked(TestPipes::blockedInPipeRead,
					() -> connection.inputStream().read());
			connection.close();
			assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
			assertThat(connection.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.NONE);
		}
	}

	@Test
	void abortFailsPendingAndLaterReadsWithTheReason() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			CompletableFuture<Integer> pending = Background.callUntilBlocked(TestPipes::blockedInPipeRead,
					() -> connection.inputStream().read());
			connection.abort("test abort");
			assertThat(pending).failsWithin(10, TimeUnit.SECONDS)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(ConnectionAbortedException.class)
				.withMessage("test abort");
			assertThatExceptionOfType(ConnectionAbortedException.class)
				.isThrownBy(() -> connection.inputStream().read())
				.withMessage("test abort");
			assertThat(connection.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.ABORTED_BY_APP);
			assertThat(client.read(new byte[1])).isEqualTo(-1);
		}
	}

	@Test
	void writesAfterAbortAreIgnoredAndCloseSucceeds() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			connection.outputStream().write("buffered".getBytes());
			connection.abort("stop");
			connection.outputStream().write("after".getBytes());
			connection.outputStream().flush();
			connection.close();
			assertThat(connection.bytesWritten()).isZero();
			assertThat(client.readAll()).isEmpty();
		}
	}

	// A byte at a time and arrays, mixed: served from the same buffers, in order, and an abort
	// fails the next single-byte read although bytes were read ahead.
	@Test
	void singleBytesAndArraysKeepTheirOrderAndAnAbortStopsBufferedReads() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			OutputStream out = connection.outputStream();
			out.write('a');
			out.write("bc".getBytes());
			out.write('d');
			out.flush();
			assertThat(new String(client.readAtMost(4))).isEqualTo("abcd");
			client.write("wxyz".getBytes());
			InputStream in = connection.inputStream();
			assertThat(in.read()).isEqualTo('w');
			byte[] two = new byte[2];
			assertThat(in.read(two)).isEqualTo(2);
			assertThat(new String(two)).isEqualTo("xy");
			connection.abort("stop");
			assertThatExceptionOfType(ConnectionAbortedException.class).isThrownBy(in::read).withMessage("stop");
			out.write('e');
			assertThat(connection.bytesWritten()).isEqualTo(4);
		}
	}

	@Test
	void writesAfterCloseFail() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			connection.close();
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> connection.outputStream().write(1))
				.withMessageContaining("is closed");
		}
	}

	@Test
	void noDataLostWhenClosingRightAfterWriting10MiB() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		byte[] payload = new byte[10 * 1024 * 1024];
		new Random(42).nextBytes(payload);
		try (RawPipeClient client = connectClient(); NamedPipeConnection connection = accept()) {
			CompletableFuture<byte[]> received = Background.call(client::readAllBytes);
			OutputStream out = connection.outputStream();
			for (int offset = 0; offset < payload.length; offset += 7919) {
				out.write(payload, offset, Math.min(7919, payload.length - offset));
			}
			connection.close();
			assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(payload);
			assertThat(connection.bytesWritten()).isEqualTo(payload.length);
		}
	}

	// A connection that reads a few bytes holds a small read-ahead: 512 bytes at first, twice as
	// much after each read that the pipe filled.
	@Test
	void readAheadStartsSmallAndDoublesWhileThePipeFillsIt() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient(); AbstractNamedPipeConnection connection = accept()) {
			byte[] message = new byte[4096];
			new Random(7).nextBytes(message);
			client.write(message);
			InputStream in = connection.inputStream();
			List<Integer> fills = new ArrayList<>();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			while (received.size() < message.length) {
				boolean fillsReadAhead = connection.bufferedReadBytes() == 0;
				received.write(in.read());
				if (fillsReadAhead) {
					fills.add(connection.bufferedReadBytes() + 1);
				}
			}
			assertThat(received.toByteArray()).isEqualTo(message);
			assertThat(fills).as("bytes each fill of the read-ahead took").containsExactly(512, 1024, 2048, 512);
		}
	}

	// The read-ahead is min(max-read-buffer-size, 8 KiB): a limit above 8 KiB, or none, holds 8 KiB.
	@ParameterizedTest
	@ValueSource(ints = { 4096, 64 * 1024, 0 })
	void readAheadNeverHoldsMoreThanItsSizeAgainstAFloodingPeer(int maxReadBufferSize) throws Exception {
		int limit = (maxReadBufferSize == 0) ? 8192 : Math.min(maxReadBufferSize, 8192);
		int flood = 4 * 1024 * 1024;
		listen(NamedPipeTransportOptions.builder().maxReadBufferSize(maxReadBufferSize).build());
		try (RawPipeClient client = connectClient(); AbstractNamedPipeConnection connection = accept()) {
			AtomicInteger flooded = new AtomicInteger();
			CompletableFuture<Void> flooder = Background.run(() -> {
				byte[] chunk = new byte[64 * 1024];
				for (int sent = 0; sent < flood; sent += chunk.length) {
					client.write(chunk);
					flooded.addAndGet(chunk.length);
				}
			});
			// The flooder stalls once the OS's buffers are full: the peer is held back by the
			// OS, not by us holding its bytes.
			awaitStalled(flooded::get);
			assertThat(flooder).isNotDone();
			assertThat(connection.bufferedReadBytes()).isZero();
			InputStream in = connection.inputStream();
			long consumed = 0;
			int maxBuffered = 0;
			while (consumed < flood && in.read() >= 0) {
				consumed++;
				maxBuffered = Math.max(maxBuffered, connection.bufferedReadBytes());
			}
			flooder.get(60, TimeUnit.SECONDS);
			assertThat(consumed).isEqualTo(flood);
			assertThat(maxBuffered).isLessThanOrEqualTo(limit).isGreaterThan(limit / 2);
			assertThat(connection.bytesRead()).isEqualTo(flood);
		}
	}

	@Test
	void writeBufferNeverHoldsMoreThanTheLimitAgainstAPeerThatDoesNotRead() throws Exception {
		int limit = 16 * 1024;
		listen(NamedPipeTransportOptions.builder().maxWriteBufferSize(limit).build());
		int total = 8 * 1024 * 1024;
		try (RawPipeClient client = connectClient(); AbstractNamedPipeConnection connection = accept()) {
			AtomicInteger maxBuffered = new AtomicInteger();
			CompletableFuture<Void> writer = Background.run(() -> {
				byte[] piece = new byte[1000];
				for (int sent = 0; sent < total; sent += piece.length) {
					connection.outputStream().write(piece, 0, Math.min(piece.length, total - sent));
					maxBuffered.accumulateAndGet(connection.bufferedWriteBytes(), Math::max);
				}
				connection.outputStream().flush();
			});
			// The peer reads nothing: the writer stalls once the OS's buffers are full.
			awaitStalled(connection::bytesWritten);
			assertThat(writer).isNotDone();
			assertThat(connection.bytesWritten() + connection.bufferedWriteBytes()).isLessThan(total);
			// The stalled writer holds a full buffer: the gauge shows it while the pipe is stuck.
			assertThat(connection.bufferedWriteBytes()).isPositive().isLessThanOrEqualTo(limit);
			byte[] received = client.readAtMost(total);
			writer.get(60, TimeUnit.SECONDS);
			assertThat(received).hasSize(total);
			assertThat(maxBuffered.get()).isLessThanOrEqualTo(limit).isPositive();
		}
	}

	@Test
	void largeWritesBypassTheBufferAndSmallOnesWaitForFlush() throws Exception {
		listen(NamedPipeTransportOptions.builder().maxWriteBufferSize(1024).build());
		try (RawPipeClient client = connectClient(); AbstractNamedPipeConnection connection = accept()) {
			connection.outputStream().write(new byte[10]);
			assertThat(connection.bufferedWriteBytes()).isEqualTo(10);
			assertThat(connection.bytesWritten()).isZero();
			connection.outputStream().write(new byte[4096]);
			assertThat(connection.bufferedWriteBytes()).isZero();
			assertThat(connection.bytesWritten()).isEqualTo(4106);
			connection.outputStream().write(new byte[5]);
			connection.outputStream().flush();
			assertThat(connection.bytesWritten()).isEqualTo(4111);
			connection.outputStream().write(new byte[1000]);
			connection.outputStream().write(new byte[100]);
			assertThat(connection.bufferedWriteBytes()).isEqualTo(100);
			assertThat(connection.bytesWritten()).isEqualTo(5111);
			connection.close();
			assertThat(client.readAllBytes()).hasSize(5211);
		}
	}

	@Test
	void echoIntegrityWithDigest() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		byte[] payload = new byte[3 * 1024 * 1024 + 17];
		new Random(7).nextBytes(payload);
		try (NamedPipeConnection client = TestPipes.connect(this.endPoint, WAIT); NamedPipeConnection server = accept()) {
			CompletableFuture<Void> echo = Background.run(() -> {
				byte[] buffer = new byte[8192];
				for (long echoed = 0; echoed < payload.length;) {
					int count = server.inputStream().read(buffer);
					server.outputStream().write(buffer, 0, count);
					echoed += count;
				}
				server.close();
			});
			CompletableFuture<byte[]> back = Background.call(() -> client.inputStream().readAllBytes());
			client.outputStream().write(payload);
			client.outputStream().flush();
			echo.get(60, TimeUnit.SECONDS);
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			assertThat(sha.digest(back.get(60, TimeUnit.SECONDS))).isEqualTo(sha.digest(payload));
			TestPipes.assertCurrentUser(server.peer());
		}
	}

	@Test
	@UnixOnly("a connection driven over its Unix channel")
	void closeEndsTheOutputOfAConnectionDrivenOverItsChannel() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient()) {
			UnixDomainSocketConnection connection = (UnixDomainSocketConnection) accept();
			connection.channel().write(ByteBuffer.wrap("pong".getBytes()));
			connection.recordTransferred(0, 4);
			connection.close();
			assertThat(client.readAll()).isEqualTo("pong");
			assertThat(connection.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.NONE);
			assertThat(connection.bytesWritten()).isEqualTo(4);
			assertThat(this.listener.totalBytesWritten()).isEqualTo(4);
		}
	}

	@Test
	void closedCompletesOnceWithHowTheConnectionEnded() throws Exception {
		listen(NamedPipeTransportOptions.defaults());
		try (RawPipeClient client = connectClient()) {
			AbstractNamedPipeConnection connection = accept();
			List<ConnectionErrorType> ends = new CopyOnWriteArrayList<>();
			connection.closed().thenAccept(ends::add);
			assertThat(ends).isEmpty();
			connection.abort("peer sent garbage", ConnectionErrorType.IO_ERROR);
			connection.close();
			connection.abort("again");
			assertThat(ends).containsExactly(ConnectionErrorType.IO_ERROR);
			connection.closed().thenAccept(ends::add);
			assertThat(ends).containsExactly(ConnectionErrorType.IO_ERROR, ConnectionErrorType.IO_ERROR);
			assertThat(this.listener.activeConnections()).isZero();
			assertThat(client.readAll()).isEmpty();
		}
	}

	// Waits until a byte count stops moving: the writer behind it is blocked on a full pipe.
	private static void awaitStalled(java.util.function.LongSupplier bytes) {
		AtomicInteger unchangedPolls = new AtomicInteger();
		long[] last = { -1 };
		Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(WAIT).until(() -> {
			long now = bytes.getAsLong();
			unchangedPolls.set((now == last[0]) ? unchangedPolls.get() + 1 : 0);
			last[0] = now;
			return now > 0 && unchangedPolls.get() >= 5;
		});
	}

}
