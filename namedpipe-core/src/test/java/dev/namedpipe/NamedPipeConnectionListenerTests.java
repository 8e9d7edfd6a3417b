package dev.namedpipe;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener over real Unix domain sockets: Kestrel's listener tests, ported.
 */
class NamedPipeConnectionListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

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
		transportLogger().detachAppender(this.transportLog);
		Files.deleteIfExists(this.endPoint.unixSocketPath());
		Files.delete(this.directory);
	}

	private static Logger transportLogger() {
		return (Logger) LoggerFactory.getLogger("dev.namedpipe.transport");
	}

	private SocketChannel connectClient() throws IOException {
		return SocketChannel.open(UnixDomainSocketAddress.of(this.endPoint.unixSocketPath()));
	}

	@Test
	void acceptAfterCloseReturnsNothing() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		listener.close();
		assertThat(listener.accept()).isNull();
		assertThat(listener.accept(Duration.ofSeconds(5))).isEmpty();
		assertThat(listener.acceptAsync().get(5, TimeUnit.SECONDS)).isNull();
		assertThat(listener.isListening()).isFalse();
	}

	@Test
	void clientConnectsServerAcceptsAndClosedStageCompletes() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
				SocketChannel client = connectClient()) {
			NamedPipeConnection connection = listener.accept();
			assertThat(connection.endPoint()).isEqualTo(this.endPoint);
			assertThat(connection.peer().user()).isEqualTo(System.getProperty("user.name"));
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
		CompletableFuture<NamedPipeConnection> blocking = TestPipes.async(listener::accept);
		CompletableFuture<NamedPipeConnection> async = listener.acceptAsync();
		listener.close();
		assertThat(blocking.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(async.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(this.transportLog.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		assertThat(TestPipes.transportThreads()).isZero();
	}

	@Test
	void timedAcceptReturnsEmptyAndDoesNotLoseTheNextConnection() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			for (int i = 0; i < 50; i++) {
				assertThat(listener.accept(Duration.ofMillis(1))).isEmpty();
			}
			try (SocketChannel client = connectClient()) {
				Optional<NamedPipeConnection> accepted = listener.accept(WAIT);
				assertThat(accepted).isPresent();
				accepted.get().close();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 16 })
	void tenClientsTimes250ConnectionsAreAllAccepted(int queueCount) throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build();
		int clients = 10;
		int perClient = 250;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options,
				NamedPipeTransportObserver.NONE)) {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				running.add(pool.submit(() -> {
					for (int i = 0; i < perClient; i++) {
						try (SocketChannel client = connectClient()) {
							client.write(ByteBuffer.wrap(new byte[] { 1 }));
						}
					}
					return null;
				}));
			}
			long received = 0;
			for (int i = 0; i < clients * perClient; i++) {
				NamedPipeConnection connection = listener.accept(WAIT).orElseThrow();
				try (connection) {
					received += connection.inputStream().readAllBytes().length;
				}
			}
			for (Future<?> client : running) {
				client.get(30, TimeUnit.SECONDS);
			}
			assertThat(received).isEqualTo(clients * perClient);
			assertThat(listener.accept(Duration.ofMillis(50))).isEmpty();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void backloggedClientsAllCompleteOnceAcceptIsCalled() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			List<SocketChannel> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					SocketChannel client = connectClient();
					client.write(ByteBuffer.wrap(new byte[] { (byte) i }));
					clients.add(client);
				}
				List<Integer> firstBytes = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					try (NamedPipeConnection connection = listener.accept(WAIT).orElseThrow()) {
						firstBytes.add(connection.inputStream().read());
					}
				}
				assertThat(firstBytes).hasSize(20).doesNotHaveDuplicates().allMatch((b) -> b >= 0 && b < 20);
			}
			finally {
				for (SocketChannel client : clients) {
					client.close();
				}
			}
		}
	}

	@Test
	void secondBindToTheSameNameIsAlreadyInUse() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			assertThat(listener.isListening()).isTrue();
			org.assertj.core.api.Assertions.assertThatExceptionOfType(NamedPipeInUseException.class)
				.isThrownBy(() -> TestPipes.bind(this.endPoint))
				.withMessageStartingWith("Named pipe '" + this.endPoint.name() + "' is already in use");
			try (SocketChannel client = connectClient()) {
				listener.accept(WAIT).orElseThrow().close();
			}
		}
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void rebindAfterCloseWorks() throws Exception {
		for (int i = 0; i < 3; i++) {
			try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
					SocketChannel client = connectClient()) {
				listener.accept(WAIT).orElseThrow().close();
			}
			assertThat(this.endPoint.unixSocketPath()).doesNotExist();
		}
	}

	@Test
	void closeWithUntakenConnectionsAbortsThem() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		try (SocketChannel client = connectClient()) {
			// The accept loop hands the connection to the queue; nobody takes it.
			org.awaitility.Awaitility.await().until(() -> listener.activeConnections() == 1);
			listener.close();
			assertThat(listener.activeConnections()).isZero();
			assertThat(client.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
	}

}
