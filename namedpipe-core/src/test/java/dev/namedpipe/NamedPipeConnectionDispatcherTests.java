package dev.namedpipe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeConnectionDispatcher} over real pipes and real clients: each
 * connection is served on the executor, a failing handler or a refusing executor costs only
 * its connection, and shutdown drains then aborts.
 */
class NamedPipeConnectionDispatcherTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final RecordingObserver observer = new RecordingObserver();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private long threadsBefore;

	@BeforeEach
	void setUp() throws IOException {
		this.threadsBefore = TestPipes.transportThreads();
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws IOException {
		this.executor.shutdownNow();
		TestPipes.assertReleased(this.endPoint);
		Files.delete(this.directory);
		await().until(TestPipes::transportThreads, (threads) -> threads <= this.threadsBefore);
	}

	@Test
	void servesConnectionsAtOnceOnTheExecutor() throws Exception {
		CountDownLatch bothHandled = new CountDownLatch(2);
		try (NamedPipeConnectionDispatcher dispatcher = start((connection) -> {
			String line = reader(connection).readLine();
			bothHandled.countDown();
			bothHandled.await();
			connection.outputStream().write((line + "!\n").getBytes(StandardCharsets.UTF_8));
		})) {
			try (NamedPipeConnection first = connect(); NamedPipeConnection second = connect()) {
				send(first, "one");
				send(second, "two");
				assertThat(reader(first).readLine()).isEqualTo("one!");
				assertThat(reader(second).readLine()).isEqualTo("two!");
			}
			await().until(() -> this.observer.closed().size() == 2);
			assertThat(this.observer.closed()).containsOnly(ConnectionErrorType.NONE);
		}
	}

	@Test
	void abortsTheConnectionOfAThrowingHandlerAndKeepsAccepting() throws Exception {
		AtomicBoolean fail = new AtomicBoolean(true);
		try (NamedPipeConnectionDispatcher dispatcher = start((connection) -> {
			if (fail.getAndSet(false)) {
				throw new IllegalStateException("handler failure on purpose");
			}
			connection.outputStream().write("served\n".getBytes(StandardCharsets.UTF_8));
		})) {
			try (NamedPipeConnection failed = connect()) {
				assertThat(failed.inputStream().read()).isEqualTo(-1);
			}
			await().until(() -> this.observer.closed().contains(ConnectionErrorType.UNHANDLED_EXCEPTION));
			try (NamedPipeConnection served = connect()) {
				assertThat(reader(served).readLine()).isEqualTo("served");
			}
			assertThat(dispatcher.listener().isListening()).isTrue();
		}
	}

	@Test
	void abortsAConnectionTheExecutorRefusesAndKeepsAccepting() throws Exception {
		AtomicBoolean refuse = new AtomicBoolean(true);
		NamedPipeConnectionListener listener = bind();
		try (NamedPipeConnectionDispatcher dispatcher = NamedPipeConnectionDispatcher.start(listener,
				(connection) -> connection.outputStream().write("served\n".getBytes(StandardCharsets.UTF_8)),
				(task) -> {
					if (refuse.getAndSet(false)) {
						throw new RejectedExecutionException("no thread on purpose");
					}
					this.executor.execute(task);
				})) {
			try (NamedPipeConnection refused = connect()) {
				assertThat(refused.inputStream().read()).isEqualTo(-1);
			}
			await().until(() -> this.observer.closed().contains(ConnectionErrorType.SERVER_SHUTDOWN));
			try (NamedPipeConnection served = connect()) {
				assertThat(reader(served).readLine()).isEqualTo("served");
			}
		}
	}

	@Test
	void shutdownReleasesTheNameAtOnceAndLetsOpenConnectionsFinish() throws Exception {
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		NamedPipeConnectionDispatcher dispatcher = start((connection) -> {
			String line = reader(connection).readLine();
			handling.countDown();
			release.await();
			connection.outputStream().write((line + " done\n").getBytes(StandardCharsets.UTF_8));
		});
		try (NamedPipeConnection client = connect()) {
			send(client, "a");
			handling.await();
			CompletableFuture<Boolean> drained = Background.call(() -> dispatcher.shutdown(WAIT));
			await().until(() -> !dispatcher.listener().isListening());
			assertThatIOException().isThrownBy(() -> connect(Duration.ofMillis(200)).close());
			assertThat(drained).isNotDone();
			release.countDown();
			assertThat(reader(client).readLine()).isEqualTo("a done");
			assertThat(drained.get()).isTrue();
		}
		finally {
			release.countDown();
		}
		assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.NONE);
	}

	@Test
	void shutdownAbortsTheConnectionsStillOpenAfterTheDrainTimeout() throws Exception {
		CountDownLatch handling = new CountDownLatch(1);
		NamedPipeConnectionDispatcher dispatcher = start((connection) -> {
			handling.countDown();
			connection.inputStream().read();
		});
		try (NamedPipeConnection client = connect()) {
			handling.await();
			assertThat(dispatcher.shutdown(Duration.ZERO)).isFalse();
			assertThat(client.inputStream().read()).isEqualTo(-1);
		}
		await().until(() -> this.observer.closed().contains(ConnectionErrorType.SERVER_SHUTDOWN));
	}

	// A handler thread is busy and the executor has no other: the accept loop waits in execute
	// with the next connection; shutting down must not wait for a thread, and that connection
	// is aborted.
	@Test
	void shutdownWhileTheExecutorWaitsForAThreadAbortsTheWaitingConnection() throws Exception {
		Semaphore oneThread = new Semaphore(1);
		Executor waitingExecutor = (task) -> {
			try {
				oneThread.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RejectedExecutionException("interrupted while waiting for a thread", ex);
			}
			this.executor.execute(() -> {
				try {
					task.run();
				}
				finally {
					oneThread.release();
				}
			});
		};
		CountDownLatch handling = new CountDownLatch(1);
		NamedPipeConnectionDispatcher dispatcher = NamedPipeConnectionDispatcher.start(bind(), (connection) -> {
			handling.countDown();
			connection.inputStream().read();
		}, waitingExecutor);
		try (NamedPipeConnection busy = connect()) {
			handling.await();
			try (NamedPipeConnection waiting = connect()) {
				await().until(() -> Thread.getAllStackTraces()
					.entrySet()
					.stream()
					.anyMatch((thread) -> Background.waitingIn(Semaphore.class, "acquire")
						.and(Background.waitingIn(NamedPipeConnectionListener.class, "acceptLoop"))
						.test(thread.getKey().getState(), thread.getValue())));
				assertThat(Background.call(() -> dispatcher.shutdown(Duration.ZERO))).succeedsWithin(WAIT)
					.isEqualTo(false);
				assertThat(waiting.inputStream().read()).isEqualTo(-1);
				assertThat(busy.inputStream().read()).isEqualTo(-1);
			}
		}
		await().until(() -> this.observer.closed().size() == 2);
		assertThat(this.observer.closed()).containsOnly(ConnectionErrorType.SERVER_SHUTDOWN);
	}

	@Test
	void connectionsAcceptedBeforeTheDispatcherStartsAreServedFirst() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(4).build();
		NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options, this.observer);
		try (NamedPipeConnection first = connect(); NamedPipeConnection second = connect()) {
			await().until(() -> this.observer.accepted() == 2);
			try (NamedPipeConnectionDispatcher dispatcher = NamedPipeConnectionDispatcher.start(listener,
					(connection) -> connection.outputStream().write("served\n".getBytes(StandardCharsets.UTF_8)),
					this.executor)) {
				assertThat(reader(first).readLine()).isEqualTo("served");
				assertThat(reader(second).readLine()).isEqualTo("served");
			}
		}
	}

	@Test
	void theListenerRefusesAcceptOnceADispatcherServesIt() throws Exception {
		try (NamedPipeConnectionDispatcher dispatcher = start((connection) -> {
		})) {
			NamedPipeConnectionListener listener = dispatcher.listener();
			assertThatIllegalStateException().isThrownBy(listener::accept)
				.withMessage("The connections go to a dispatcher, not to accept");
			assertThatIllegalStateException().isThrownBy(() -> listener.accept(WAIT));
			assertThatIllegalStateException().isThrownBy(listener::acceptAsync);
			assertThatIllegalStateException()
				.isThrownBy(() -> NamedPipeConnectionDispatcher.start(listener, (connection) -> {
				}, this.executor));
		}
	}

	private NamedPipeConnectionDispatcher start(NamedPipeConnectionHandler handler) throws IOException {
		return NamedPipeConnectionDispatcher.start(bind(), handler, this.executor);
	}

	private NamedPipeConnectionListener bind() throws IOException {
		return NamedPipeTransport.bind(this.endPoint, NamedPipeTransportOptions.defaults(), this.observer);
	}

	private NamedPipeConnection connect() throws IOException {
		return connect(WAIT);
	}

	private NamedPipeConnection connect(Duration timeout) throws IOException {
		return TestPipes.connect(this.endPoint, timeout);
	}

	private static void send(NamedPipeConnection connection, String line) throws IOException {
		connection.outputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		connection.outputStream().flush();
	}

	private static BufferedReader reader(NamedPipeConnection connection) {
		return new BufferedReader(new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
	}

}
