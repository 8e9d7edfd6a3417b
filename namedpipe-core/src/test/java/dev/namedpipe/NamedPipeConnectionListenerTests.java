package dev.namedpipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.WineGap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The listener over real pipes, on both platforms: Kestrel's listener tests, ported, and
 * {@code max-connections} and {@code idle-timeout}, whose counts are exact because every step
 * waits for a state (connections held open, a rejection count reached), never for a time.
 */
class NamedPipeConnectionListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final RecordingObserver observer = new RecordingObserver();

	// Connections of both ends that a test holds open, closed after it.
	private final List<NamedPipeConnection> open = new ArrayList<>();

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private final ListAppender<ILoggingEvent> transportLog = new ListAppender<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
		this.transportLog.start();
		transportLogger().addAppender(this.transportLog);
	}

	@AfterEach
	void tearDown() throws IOException {
		this.open.forEach(NamedPipeConnection::close);
		transportLogger().detachAppender(this.transportLog);
		TestPipes.assertReleased(this.endPoint);
		Files.delete(this.directory);
	}

	private static Logger transportLogger() {
		return (Logger) LoggerFactory.getLogger("dev.namedpipe.transport");
	}

	private RawPipeClient connectClient() throws IOException {
		return RawPipeClient.connect(this.endPoint.address());
	}

	@Test
	void acceptAfterCloseReturnsNothing() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		listener.close();
		assertThat(listener.accept()).isNull();
		// At once, not at the end of the timeout.
		assertThat(Background.call(() -> listener.accept(Duration.ofDays(1)))).succeedsWithin(WAIT).isNull();
		assertThat(listener.acceptAsync().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
		assertThat(listener.isListening()).isFalse();
	}

	@Test
	void clientConnectsServerAcceptsAndClosedStageCompletes() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
				RawPipeClient client = connectClient()) {
			NamedPipeConnection connection = listener.accept();
			assertThat(connection.endPoint()).isEqualTo(this.endPoint);
			TestPipes.assertCurrentUser(connection.peer());
			assertThat(connection.id()).hasSize(13);
			assertThat(listener.activeConnections()).isEqualTo(1);
			CompletableFuture<ConnectionErrorType> closed = connection.closed().toCompletableFuture();
			assertThat(closed).isNotDone();
			connection.close();
			assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(ConnectionErrorType.NONE);
			assertThat(listener.activeConnections()).isZero();
			assertThat(connection.isOpen()).isFalse();
		}
	}

	@Test
	void pendingAcceptReturnsNullOnCloseWithoutErrorLogs() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		CompletableFuture<NamedPipeConnection> blocking = Background
			.callUntilBlocked(Background.waitingIn(NamedPipeConnectionListener.class, "accept"), listener::accept);
		CompletableFuture<NamedPipeConnection> async = listener.acceptAsync().toCompletableFuture();
		listener.close();
		assertThat(blocking.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(async.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(this.transportLog.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		// Windows' completion thread ends once the listener released the port.
		await().until(() -> TestPipes.transportThreads() == 0);
	}

	@Test
	void timedAcceptReturnsEmptyAndDoesNotLoseTheNextConnection() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			for (int i = 0; i < 50; i++) {
				assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> listener.accept(Duration.ofMillis(1)));
			}
			try (RawPipeClient client = connectClient()) {
				NamedPipeConnection accepted = listener.accept(WAIT);
				assertThat(accepted).isNotNull();
				accepted.close();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 16 })
	void tenClientsTimes250ConnectionsAreAllAccepted(int queueCount) throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build();
		RecordingObserver observer = new RecordingObserver();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, observer)) {
			assertThat(ManyClients.run(listener, () -> TestPipes.connect(this.endPoint, WAIT), 10, 250, WAIT))
				.isEqualTo(10 * 250);
			TestPipes.assertNothingAccepted(listener, () -> TestPipes.connect(this.endPoint, WAIT));
			assertThat(observer.accepted()).isEqualTo(10 * 250 + 1);
		}
	}

	@Test
	void atMostTheQueueCountPlusOneClientsAreAcceptedAheadOfTheApplication() throws Exception {
		int queues = 3;
		// Windows: a loop per queue, each with its pending instance; Unix: one, as the JDK takes
		// one accept at a time on a socket.
		int loops = (this.endPoint.platform() == NamedPipePlatform.WINDOWS) ? queues : 1;
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queues).build();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, this.observer)) {
			int clients = 2 * queues + 2;
			List<CompletableFuture<NamedPipeConnection>> connecting = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				connecting.add(Background.call(() -> TestPipes.connect(this.endPoint, WAIT)));
			}
			// Nobody accepts: once every loop holds a connection it has no place for, no more
			// are accepted, whatever waits in the backlog.
			await().atMost(WAIT).until(() -> TestPipes.allAcceptLoopsWaitInTheHandOff(this.endPoint, loops));
			assertThat(this.observer.accepted()).isEqualTo(queues + 1);
			for (int i = 0; i < clients; i++) {
				listener.accept(WAIT).close();
			}
			for (CompletableFuture<NamedPipeConnection> client : connecting) {
				this.open.add(client.get(WAIT.toSeconds(), TimeUnit.SECONDS));
			}
			assertThat(this.observer.accepted()).isEqualTo(clients);
		}
	}

	@Test
	void backloggedClientsAllCompleteOnceAcceptIsCalled() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			// Unix clients complete their connect in the kernel's backlog; Windows clients wait
			// for a free instance (WaitNamedPipe) until the accept loops create one.
			List<CompletableFuture<NamedPipeConnection>> clients = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				byte first = (byte) i;
				clients.add(Background.call(() -> {
					NamedPipeConnection client = TestPipes.connect(this.endPoint, WAIT);
					client.outputStream().write(first);
					client.outputStream().flush();
					return client;
				}));
			}
			try {
				List<Integer> firstBytes = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					try (NamedPipeConnection connection = listener.accept(WAIT)) {
						firstBytes.add(connection.inputStream().read());
					}
				}
				assertThat(firstBytes).hasSize(20).doesNotHaveDuplicates().allMatch((b) -> b >= 0 && b < 20);
			}
			finally {
				for (CompletableFuture<NamedPipeConnection> client : clients) {
					client.get(WAIT.toSeconds(), TimeUnit.SECONDS).close();
				}
			}
		}
	}

	@Test
	@WineGap("FILE_FLAG_FIRST_PIPE_INSTANCE is ignored: a second server gets instances of a name in use")
	void secondBindToTheSameNameIsAlreadyInUse() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			assertThat(listener.isListening()).isTrue();
			// a bind that wrongly succeeds is closed at once, so that it fails this test only
			assertThatExceptionOfType(NamedPipeInUseException.class)
				.isThrownBy(() -> TestPipes.bind(this.endPoint).close())
				.withMessageStartingWith("Named pipe '" + this.endPoint.name() + "' is already in use");
			try (RawPipeClient client = connectClient()) {
				listener.accept(WAIT).close();
			}
		}
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void rebindAfterCloseWorks() throws Exception {
		for (int i = 0; i < 3; i++) {
			try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
					RawPipeClient client = connectClient()) {
				listener.accept(WAIT).close();
			}
			TestPipes.assertReleased(this.endPoint);
		}
	}

	@Test
	void closeWithUntakenConnectionsAbortsThem() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		try (RawPipeClient client = connectClient()) {
			// The accept loop hands the connection to the queue; nobody takes it.
			await().until(() -> listener.activeConnections() == 1);
			listener.close();
			assertThat(listener.activeConnections()).isZero();
			assertThat(client.read(new byte[1])).isEqualTo(-1);
		}
	}

	@Test
	void clientsBeyondTheLimitAreRejectedAndCountedUntilOneCloses() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().maxConnections(100).build();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, this.observer)) {
			List<NamedPipeConnection> accepted = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				this.open.add(connect());
				accepted.add(hold(listener.accept(WAIT)));
			}
			connectRejected(900);
			await().atMost(WAIT).until(() -> this.observer.rejections().size() == 900);
			assertThat(this.observer.rejections()).allSatisfy((rejection) -> assertThat(rejection)
				.startsWith("limit: ")
				.endsWith("maximum of 100 concurrent connections (max-connections) has been reached"));
			assertThat(this.observer.accepted()).isEqualTo(100);
			assertThat(listener.activeConnections()).isEqualTo(100);

			accepted.subList(0, 10).forEach(NamedPipeConnection::close);
			assertThat(listener.activeConnections()).isEqualTo(90);
			for (int i = 0; i < 10; i++) {
				this.open.add(connect());
				hold(listener.accept(WAIT));
			}
			assertThat(this.observer.accepted()).isEqualTo(110);
			assertThat(this.observer.rejections()).hasSize(900);
			assertThat(listener.activeConnections()).isEqualTo(100);
			connectRejected(1);
			await().atMost(WAIT).until(() -> this.observer.rejections().size() == 901);
		}
	}

	// Clients that each see the server end their connection without a byte.
	private void connectRejected(int count) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> reads = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				reads.add(clients.submit(() -> {
					try (NamedPipeConnection client = connect()) {
						return client.inputStream().read();
					}
				}));
			}
			for (Future<Integer> read : reads) {
				assertThat(read.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void anIdleConnectionIsAbortedOnTimeWhileABusyOneStaysOpen() throws Exception {
		Duration timeout = Duration.ofSeconds(1);
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().idleTimeout(timeout).build();
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, this.observer)) {
			NamedPipeConnection idleClient = hold(connect());
			NamedPipeConnection idle = hold(listener.accept(WAIT));
			NamedPipeConnection busyClient = hold(connect());
			NamedPipeConnection busy = hold(listener.accept(WAIT));
			CompletableFuture<Void> echo = Background.run(() -> {
				int b;
				while ((b = busy.inputStream().read()) != -1) {
					busy.outputStream().write(b);
					busy.outputStream().flush();
				}
			});
			// A byte each way every tenth of the timeout.
			pacer.scheduleWithFixedDelay(() -> exchangeByte(busyClient), 0, timeout.toMillis() / 10,
					TimeUnit.MILLISECONDS);

			assertThat(idle.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.isEqualTo(ConnectionErrorType.IDLE_TIMEOUT);
			assertThat(idle.duration()).isBetween(timeout, timeout.multipliedBy(3));
			assertThat(idleClient.inputStream().read()).isEqualTo(-1);

			await().atMost(WAIT).until(() -> busy.bytesRead() >= 40);
			assertThat(busy.isOpen()).isTrue();
			assertThat(busy.duration()).isGreaterThan(timeout.multipliedBy(3));
			assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.IDLE_TIMEOUT);
			// Let an exchange under way read its echo: interrupted mid-exchange, the client would
			// close with the echo unread, and a Unix socket closed with unread bytes resets the
			// peer (the server's read then fails instead of seeing the end of the stream).
			pacer.shutdown();
			assertThat(pacer.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			busyClient.close();
			echo.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			pacer.shutdownNow();
		}
		String sweeper = "namedpipe-idle-" + this.endPoint.name();
		this.open.forEach(NamedPipeConnection::close);
		await().atMost(WAIT)
			.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch((t) -> t.getName().equals(sweeper)));
	}

	private static void exchangeByte(NamedPipeConnection client) {
		try {
			client.outputStream().write(42);
			client.outputStream().flush();
			assertThat(client.inputStream().read()).isEqualTo(42);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aReadBlockedOnAnIdleConnectionIsAborted() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.idleTimeout(Duration.ofMillis(300))
			.build();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, this.observer)) {
			hold(connect());
			NamedPipeConnection connection = hold(listener.accept(WAIT));
			CompletableFuture<Integer> read = Background.call(() -> connection.inputStream().read());
			assertThat(read).failsWithin(WAIT)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ConnectionAbortedException.class)
				.withMessageContaining("idle-timeout");
			assertThat(connection.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.isEqualTo(ConnectionErrorType.IDLE_TIMEOUT);
		}
	}

	private NamedPipeConnection connect() throws IOException {
		return TestPipes.connect(this.endPoint, WAIT);
	}

	private NamedPipeConnection hold(NamedPipeConnection connection) {
		this.open.add(connection);
		return connection;
	}

}
