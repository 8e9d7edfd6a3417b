package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.namedpipe.ConnectionAbortedException;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shutdown(drain)} with 100 active connections: 50 in the middle of a request finish
 * it within the drain timeout, the 50 idle ones are aborted when it ends, nothing hangs and
 * new clients are refused at once (on Unix the socket file is gone).
 */
class ShutdownUnderLoadIT {

	private static final int IN_FLIGHT = 50;

	private static final int IDLE = 50;

	private static final Duration DRAIN = Duration.ofSeconds(5);

	private final RecordingObserver observer = new RecordingObserver();

	private final CountDownLatch requestsReceived = new CountDownLatch(IN_FLIGHT);

	private final CountDownLatch releaseWork = new CountDownLatch(1);

	private final List<Throwable> handlerOutcomes = new CopyOnWriteArrayList<>();

	@Test
	void inFlightWorkDrainsAndIdleConnectionsAreAborted() throws Exception {
		Path shortDirectory = Pipes.shortDirectory();
		NamedPipeEndPoint endPoint = Pipes.endPointIn(shortDirectory);
		NamedPipeConnectionListener listener = Pipes.bind(endPoint, this.observer);
		List<CompletableFuture<Void>> handlers = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> acceptor = Background.call("accept", () -> {
			for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
				NamedPipeConnection connection = next;
				handlers.add(Background.call("handler", () -> handle(connection)));
			}
			return null;
		});
		List<NamedPipeConnection> inFlight = new ArrayList<>();
		List<NamedPipeConnection> idle = new ArrayList<>();
		for (int i = 0; i < IN_FLIGHT; i++) {
			NamedPipeConnection client = Pipes.connect(endPoint);
			client.outputStream().write('W');
			client.outputStream().flush();
			inFlight.add(client);
		}
		for (int i = 0; i < IDLE; i++) {
			idle.add(Pipes.connect(endPoint));
		}
		assertThat(this.requestsReceived.await(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(Pipes.WAIT).until(() -> listener.activeConnections() == IN_FLIGHT + IDLE);

		CompletableFuture<Boolean> shutdown = Background.call("shutdown", () -> listener.shutdown(DRAIN));
		await().atMost(Pipes.WAIT).until(() -> !listener.isListening());
		Pipes.assertRefusesNewClients(endPoint);
		this.releaseWork.countDown();

		assertThat(shutdown.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS)).as("every connection drained").isFalse();
		acceptor.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS);
		for (NamedPipeConnection client : inFlight) {
			try (client) {
				assertThat(client.inputStream().read()).isEqualTo('w');
				assertThat(client.inputStream().read()).isEqualTo(-1);
			}
		}
		for (NamedPipeConnection client : idle) {
			try (client) {
				assertThat(client.inputStream().read()).isEqualTo(-1);
			}
		}
		CompletableFuture.allOf(handlers.toArray(CompletableFuture[]::new)).get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(listener.activeConnections()).isZero();
		assertThat(this.observer.closed(ConnectionErrorType.NONE)).isEqualTo(IN_FLIGHT);
		assertThat(this.observer.closed(ConnectionErrorType.SERVER_SHUTDOWN)).isEqualTo(IDLE);
		assertThat(this.handlerOutcomes).hasSize(IDLE).allMatch(ConnectionAbortedException.class::isInstance);
		Figures.report("shutdown under load", "active=%d drained=%d aborted=%d drain timeout=%s",
				IN_FLIGHT + IDLE, this.observer.closed(ConnectionErrorType.NONE),
				this.observer.closed(ConnectionErrorType.SERVER_SHUTDOWN), DRAIN);
		Files.delete(shortDirectory);
	}

	/** 'W' is a request whose work waits for the test; an idle connection sends nothing. */
	private Void handle(NamedPipeConnection connection) throws Exception {
		try (connection) {
			if (connection.inputStream().read() == 'W') {
				this.requestsReceived.countDown();
				this.releaseWork.await();
				connection.outputStream().write('w');
			}
		}
		catch (IOException ex) {
			this.handlerOutcomes.add(ex);
		}
		return null;
	}

}
