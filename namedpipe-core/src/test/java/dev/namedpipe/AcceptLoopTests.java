package dev.namedpipe;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.internal.AcceptQueue;
import dev.namedpipe.internal.ClientVanishedException;
import dev.namedpipe.internal.PeerRejectedException;
import dev.namedpipe.internal.PipeServer;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The accept loops' reactions to what a platform's pipe reports (broken pipes, rejections,
 * fatal errors), driven by a scripted {@link PipeServer} so that every outcome can be
 * produced on demand on any OS.
 */
class AcceptLoopTests {

	private static final NamedPipeEndPoint END_POINT = NamedPipeEndPoint.of("scripted", NamedPipePlatform.LINUX,
			Path.of("/tmp"));

	/** Long enough to see the shutdown draining and close a connection meanwhile on a loaded machine. */
	private static final Duration DRAIN = Duration.ofSeconds(5);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final RecordingObserver observer = new RecordingObserver();

	@BeforeEach
	void captureLog() {
		this.log.start();
		Logger logger = (Logger) LoggerFactory.getLogger("dev.namedpipe.transport");
		logger.setLevel(Level.DEBUG);
		logger.addAppender(this.log);
	}

	@AfterEach
	void releaseLog() {
		Logger logger = (Logger) LoggerFactory.getLogger("dev.namedpipe.transport");
		logger.detachAppender(this.log);
		logger.setLevel(null);
	}

	@Test
	void brokenPipeIsLoggedReportedAndAcceptingGoesOn() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			server.script.put(new IOException("No process is on the other end of the pipe"));
			server.script.put(new IOException("No process is on the other end of the pipe"));
			ScriptedConnection connection = new ScriptedConnection();
			server.script.put(connection);
			assertThat(listener.accept(Duration.ofSeconds(30))).isSameAs(connection);
			assertThat(this.observer.brokenPipes()).isEqualTo(2);
			assertThat(this.log.list).filteredOn((event) -> event.getMarkerList() != null
					&& event.getMarkerList().toString().contains("ConnectionListenerBrokenPipe"))
				.hasSize(2)
				.allMatch((event) -> event.getLevel() == Level.DEBUG);
			assertThat(listener.isListening()).isTrue();
			connection.close();
		}
		finally {
			listener.close();
		}
		assertThat(server.closed).isTrue();
	}

	@Test
	void clientsThatVanishBeforeTheAcceptDoNotSlowTheLoopDown() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			// A back-off for each would add up to far more than the wait below.
			for (int i = 0; i < 1000; i++) {
				server.script.put(new ClientVanishedException(new IOException("ConnectNamedPipe failed: ERROR_NO_DATA")));
			}
			ScriptedConnection connection = new ScriptedConnection();
			server.script.put(connection);
			assertThat(listener.accept(Duration.ofSeconds(30))).isSameAs(connection);
			assertThat(this.observer.brokenPipes()).isEqualTo(1000);
			connection.close();
		}
		finally {
			listener.close();
		}
	}

	@Test
	void rejectedPeerIsReportedWithItsReason() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 2);
		try {
			server.script.put(new PeerRejectedException(RejectionReason.FOREIGN_USER, "not you"));
			Awaitility.await().until(() -> this.observer.rejections().size() == 1);
			assertThat(this.observer.rejections()).containsExactly("foreign_user: not you");
			assertThat(listener.isListening()).isTrue();
		}
		finally {
			listener.close();
		}
	}

	@Test
	void fatalErrorIsReportedOnceAndStopsTheListener() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 4);
		var pending = listener.acceptAsync().toCompletableFuture();
		for (int i = 0; i < 4; i++) {
			server.script.put(new IllegalStateException("handle table corrupted " + i));
		}
		assertThat(pending.get(30, TimeUnit.SECONDS)).isNull();
		listener.close();
		assertThat(this.observer.listenerAborts()).isEqualTo(1);
		assertThat(listener.failure()).get().asString().contains("handle table corrupted");
		assertThat(listener.isListening()).isFalse();
		assertThat(this.log.list).filteredOn((event) -> event.getLevel() == Level.ERROR).hasSize(1);
		assertThat(server.closed).isTrue();
	}

	@Test
	void acceptedConnectionsAreCountedUntilClosed() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			ScriptedConnection connection = new ScriptedConnection();
			server.script.put(connection);
			NamedPipeConnection accepted = listener.accept(Duration.ofSeconds(30));
			assertThat(this.observer.accepted()).isEqualTo(1);
			assertThat(listener.activeConnections()).isEqualTo(1);
			accepted.abort("bye");
			assertThat(listener.activeConnections()).isZero();
			assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.ABORTED_BY_APP);
		}
		finally {
			listener.close();
		}
	}

	@ParameterizedTest(name = "{0} accept loop(s)")
	@ValueSource(ints = { 1, 3 })
	void atMostTheQueueCountPlusOneConnectionsWaitForTheApplication(int loops) throws Exception {
		int queues = 3;
		ScriptedServer server = new ScriptedServer(loops);
		NamedPipeConnectionListener listener = start(server, queues);
		try {
			int backlog = 3 * queues;
			for (int i = 0; i < backlog; i++) {
				server.script.put(new ScriptedConnection());
			}
			// Nobody accepts: the hand-off fills, then every loop blocks holding one more
			// connection; the rest stays with the server (the operating system's backlog).
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> TestPipes.allAcceptLoopsWaitInTheHandOff(END_POINT, loops));
			assertThat(this.observer.accepted()).isEqualTo(queues + 1);
			assertThat(server.script).hasSize(backlog - queues - 1);
			assertThat(listener.activeConnections()).isEqualTo(queues + 1);
			for (int i = 0; i < backlog; i++) {
				listener.accept(Duration.ofSeconds(30)).close();
			}
			assertThat(server.script).isEmpty();
			assertThat(this.observer.accepted()).isEqualTo(backlog);
		}
		finally {
			listener.close();
		}
	}

	@Test
	void shutdownDrainsThenAbortsWhatIsLeft() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		ScriptedConnection finishing = new ScriptedConnection();
		ScriptedConnection stuck = new ScriptedConnection();
		server.script.put(finishing);
		server.script.put(stuck);
		listener.accept(Duration.ofSeconds(30));
		listener.accept(Duration.ofSeconds(30));
		// The drain is the shutdown's only timed wait (closing joins the accept loops untimed).
		CompletableFuture<Boolean> shutdown = Background.callUntilBlocked(
				Background.timedWaitIn(NamedPipeConnectionListener.class, "shutdown"), () -> listener.shutdown(DRAIN));
		// Closed and draining: one connection closes by itself, the other outlives the drain.
		assertThat(listener.isListening()).isFalse();
		assertThat(server.closed).isTrue();
		finishing.close();
		assertThat(shutdown.get(30, TimeUnit.SECONDS)).isFalse();
		assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.NONE,
				ConnectionErrorType.SERVER_SHUTDOWN);
		assertThat(stuck.isOpen()).isFalse();
		assertThat(listener.activeConnections()).isZero();
	}

	@Test
	void timedAcceptTellsATimeoutFromAClosedListener() throws Exception {
		NamedPipeConnectionListener listener = start(new ScriptedServer(), 1);
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> listener.accept(Duration.ofMillis(1)));
		listener.close();
		assertThat(listener.accept(Duration.ofSeconds(30))).isNull();
		assertThat(listener.accept()).isNull();
		assertThat(listener.acceptAsync().toCompletableFuture().get(30, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void aCancelledAsyncAcceptLosesNoConnection() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			int connections = 2_000;
			Set<NamedPipeConnection> received = new HashSet<>();
			for (int i = 0; i < connections; i++) {
				CompletableFuture<NamedPipeConnection> pending = listener.acceptAsync().toCompletableFuture();
				server.script.put(new ScriptedConnection());
				// Races the hand-off: either the stage has the connection or the next accept gets it.
				if (!pending.cancel(false)) {
					received.add(pending.join());
				}
			}
			assertTheRestArrive(listener, received, connections);
		}
		finally {
			listener.close();
		}
	}

	@Test
	void anAcceptInterruptedWhileItWaitsTakesNothing() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			CompletableFuture<NamedPipeConnection> interrupted = new CompletableFuture<>();
			Thread taker = new Thread(() -> {
				try {
					interrupted.complete(listener.accept());
				}
				catch (Throwable ex) {
					interrupted.completeExceptionally(ex);
				}
			});
			taker.start();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Background.waitingIn(AcceptQueue.class, "take")
				.test(taker.getState(), taker.getStackTrace()));
			taker.interrupt();
			assertThat(interrupted).failsWithin(30, TimeUnit.SECONDS)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(InterruptedException.class);
			ScriptedConnection next = new ScriptedConnection();
			server.script.put(next);
			assertThat(listener.accept(Duration.ofSeconds(30))).isSameAs(next);
		}
		finally {
			listener.close();
		}
	}

	// Blocking accepts interrupted and timed ones ending as a connection arrives: either the
	// accept returned it or the next accept gets it.
	@Test
	void interruptedAndTimedOutAcceptsLoseNoConnection() throws Exception {
		ScriptedServer server = new ScriptedServer();
		NamedPipeConnectionListener listener = start(server, 1);
		try {
			int connections = 1_000;
			Set<NamedPipeConnection> received = new HashSet<>();
			for (int i = 0; i < connections; i++) {
				boolean timed = (i % 2) == 1;
				CompletableFuture<NamedPipeConnection> accepted = new CompletableFuture<>();
				Thread taker = new Thread(() -> {
					try {
						accepted.complete(timed ? listener.accept(Duration.ofNanos(20_000)) : listener.accept());
					}
					catch (InterruptedException | TimeoutException ex) {
						accepted.complete(null);
					}
				});
				taker.start();
				server.script.put(new ScriptedConnection());
				if (!timed) {
					taker.interrupt();
				}
				taker.join();
				if (accepted.get() != null) {
					received.add(accepted.get());
				}
			}
			assertTheRestArrive(listener, received, connections);
		}
		finally {
			listener.close();
		}
	}

	// The connections no accept took are there for the next ones, and nothing more.
	private static void assertTheRestArrive(NamedPipeConnectionListener listener, Set<NamedPipeConnection> received,
			int connections) throws Exception {
		while (received.size() < connections) {
			received.add(listener.accept(Duration.ofSeconds(30)));
		}
		assertThat(received).hasSize(connections).doesNotContainNull();
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> listener.accept(Duration.ofMillis(1)));
	}

	private NamedPipeConnectionListener start(ScriptedServer server, int queues) {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queues).build();
		return NamedPipeTransport.listen(END_POINT, options, this.observer, server);
	}

	/** A pipe server whose accepts return or throw whatever the test puts in its script. */
	static final class ScriptedServer implements PipeServer {

		final BlockingQueue<Object> script = new LinkedBlockingQueue<>();

		volatile boolean closed;

		private final int acceptLoops;

		ScriptedServer() {
			this(0);
		}

		/** A server that takes this many accept loops (0: one per queue, as on Windows). */
		ScriptedServer(int acceptLoops) {
			this.acceptLoops = acceptLoops;
		}

		@Override
		public int acceptLoops(int listenerQueueCount) {
			return (this.acceptLoops != 0) ? this.acceptLoops : listenerQueueCount;
		}

		private static final Object CLOSED = new Object();

		@Override
		public AbstractNamedPipeConnection accept(int queueIndex) throws IOException {
			Object next;
			try {
				next = this.script.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AsynchronousCloseException();
			}
			if (next == CLOSED) {
				this.script.add(CLOSED);
				throw new AsynchronousCloseException();
			}
			if (next instanceof IOException ex) {
				throw ex;
			}
			if (next instanceof RuntimeException ex) {
				throw ex;
			}
			return (AbstractNamedPipeConnection) next;
		}

		@Override
		public void close() {
			this.closed = true;
			this.script.add(CLOSED);
		}

	}

	/** A connection with no pipe behind it: reads end at once, writes vanish. */
	static final class ScriptedConnection extends AbstractNamedPipeConnection {

		ScriptedConnection() {
			super(END_POINT, PeerIdentity.unknown(), NamedPipeTransportOptions.defaults());
		}

		@Override
		protected int readFromPipe(java.nio.ByteBuffer target) {
			return -1;
		}

		@Override
		protected void writeToPipe(java.nio.ByteBuffer source) {
			source.position(source.limit());
		}

		@Override
		protected void releasePipe() {
		}

	}

}
