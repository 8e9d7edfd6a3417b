package dev.namedpipe.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's one state: its transitions, and that exactly one of racing closes and
 * aborts releases the pipe and says how the connection ended.
 */
class ConnectionLifecycleTests {

	private static final NamedPipeEndPoint END_POINT = NamedPipeEndPoint.of("lifecycle", NamedPipePlatform.LINUX,
			Path.of("/tmp"));

	@Test
	void transitionsGoOneWay() {
		ConnectionState open = ConnectionState.OPEN;
		ConnectionState closing = open.closing();
		assertThat(closing).isNotNull();
		assertThat(closing.closing()).isNull();
		ConnectionState closed = closing.closed();
		assertThat(closed).isNotNull();
		assertThat(closed.endType()).isEqualTo(ConnectionErrorType.NONE);
		assertThat(closed.aborted("late", ConnectionErrorType.SERVER_SHUTDOWN)).isNull();
		assertThat(closed.failed()).isNull();
		assertThat(closed.closing()).isNull();
		assertThat(open.closed()).isNull();
		assertThat(open.endType()).isNull();
	}

	@Test
	void theFirstFailureIsHowTheConnectionEnded() {
		ConnectionState failed = ConnectionState.OPEN.failed();
		assertThat(failed).isNotNull();
		assertThat(failed.failed()).isNull();
		ConnectionState aborted = failed.aborted("handler threw", ConnectionErrorType.UNHANDLED_EXCEPTION);
		assertThat(aborted).isNotNull();
		assertThat(aborted.endType()).isEqualTo(ConnectionErrorType.IO_ERROR);
		assertThat(aborted.abortReason()).isEqualTo("handler threw");
		ConnectionState closing = ConnectionState.OPEN.closing();
		assertThat(closing).isNotNull();
		ConnectionState closingFailed = closing.failed();
		assertThat(closingFailed).isNotNull();
		assertThat(closingFailed.closed()).isNotNull().extracting(ConnectionState::endType)
			.isEqualTo(ConnectionErrorType.IO_ERROR);
	}

	@Test
	void anAbortEndsACloseInProgress() {
		ConnectionState closing = ConnectionState.OPEN.closing();
		assertThat(closing).isNotNull();
		ConnectionState aborted = closing.aborted("stuck peer", ConnectionErrorType.SERVER_SHUTDOWN);
		assertThat(aborted).isNotNull();
		assertThat(aborted.endType()).isEqualTo(ConnectionErrorType.SERVER_SHUTDOWN);
		assertThat(aborted.closed()).isNull();
	}

	@Test
	void racingClosesAndAbortsReleaseThePipeOnce() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 2_000; round++) {
				CountingConnection connection = new CountingConnection();
				CyclicBarrier start = new CyclicBarrier(threads);
				List<CompletableFuture<Void>> racers = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					boolean closes = (i % 2 == 0);
					racers.add(CompletableFuture.runAsync(() -> {
						await(start);
						if (closes) {
							connection.close();
						}
						else {
							connection.abort("race", ConnectionErrorType.SERVER_SHUTDOWN);
						}
					}, executor));
				}
				CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
				assertThat(connection.releases).hasValue(1);
				assertThat(connection.closed().toCompletableFuture().getNow(null)).isIn(ConnectionErrorType.NONE,
						ConnectionErrorType.SERVER_SHUTDOWN);
				assertThat(connection.isOpen()).isFalse();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void anAbortReleasesAWriterStuckInAClose() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch released = new CountDownLatch(1);
		CountingConnection connection = new CountingConnection() {

			@Override
			protected void writeToPipe(ByteBuffer source) throws IOException {
				writing.countDown();
				try {
					released.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new IOException("pipe released under the write");
			}

			@Override
			protected void releasePipe() {
				super.releasePipe();
				released.countDown();
			}

		};
		connection.outputStream().write(new byte[10]);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(connection::close);
		assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(connection.isOpen()).isFalse();
		connection.abort("peer stopped reading", ConnectionErrorType.SERVER_SHUTDOWN);
		closing.get(30, TimeUnit.SECONDS);
		assertThat(connection.releases).hasValue(1);
		assertThat(connection.closed().toCompletableFuture().getNow(null)).isEqualTo(ConnectionErrorType.SERVER_SHUTDOWN);
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A connection with no pipe behind it that counts how often the pipe was released. */
	private static class CountingConnection extends AbstractNamedPipeConnection {

		final AtomicInteger releases = new AtomicInteger();

		CountingConnection() {
			super(END_POINT, PeerIdentity.unknown(), NamedPipeTransportOptions.defaults());
		}

		@Override
		protected int readFromPipe(ByteBuffer target) {
			return -1;
		}

		@Override
		protected void writeToPipe(ByteBuffer source) throws IOException {
			source.position(source.limit());
		}

		@Override
		protected void releasePipe() {
			this.releases.incrementAndGet();
		}

	}

}
