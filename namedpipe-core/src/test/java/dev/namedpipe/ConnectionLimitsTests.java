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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code max-connections} and {@code idle-timeout} over real pipes, on both platforms: the
 * counts are exact because every step waits for a state (connections held open, the
 * rejection count reached), never for a time.
 */
class ConnectionLimitsTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final AcceptLoopTests.RecordingObserver observer = new AcceptLoopTests.RecordingObserver();

	private final List<NamedPipeConnection> open = new ArrayList<>();

	private Path directory;

	private NamedPipeEndPoint endPoint;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws IOException {
		this.open.forEach(NamedPipeConnection::close);
		TestPipes.assertReleased(this.endPoint);
		Files.delete(this.directory);
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
			await().atMost(WAIT).until(() -> this.observer.rejections.size() == 900);
			assertThat(this.observer.rejections).allSatisfy((rejection) -> assertThat(rejection)
				.startsWith("limit: ")
				.endsWith("maximum of 100 concurrent connections (max-connections) has been reached"));
			assertThat(this.observer.accepted).hasValue(100);
			assertThat(listener.activeConnections()).isEqualTo(100);

			accepted.subList(0, 10).forEach(NamedPipeConnection::close);
			assertThat(listener.activeConnections()).isEqualTo(90);
			for (int i = 0; i < 10; i++) {
				this.open.add(connect());
				hold(listener.accept(WAIT));
			}
			assertThat(this.observer.accepted).hasValue(110);
			assertThat(this.observer.rejections).hasSize(900);
			assertThat(listener.activeConnections()).isEqualTo(100);
			connectRejected(1);
			await().atMost(WAIT).until(() -> this.observer.rejections.size() == 901);
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
			CompletableFuture<Void> echo = TestPipes.asyncRun(() -> {
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
			assertThat(this.observer.closed).containsExactly("idle_timeout");
			pacer.shutdownNow();
			pacer.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
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
			CompletableFuture<Integer> read = TestPipes.async(() -> connection.inputStream().read());
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
