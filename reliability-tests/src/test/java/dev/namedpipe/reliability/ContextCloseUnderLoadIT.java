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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.namedpipe.ConnectionAbortedException;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with a raw {@link NamedPipeConnectionHandler} and
 * {@code namedpipe.shutdown-timeout} closed while 100 connections are active: the 50 with
 * work in flight get their full reply, the 50 idle ones are aborted when the timeout ends,
 * {@code close()} returns, new clients are refused (on Unix the socket file is gone) and threads
 * and handles are back to
 * where they were before the application started.
 */
class ContextCloseUnderLoadIT {

	private static final int IN_FLIGHT = 50;

	private static final int IDLE = 50;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

	private static final byte[] REPLY = "work done: the full reply\n".getBytes();

	private Path shortDirectory;

	private NamedPipeEndPoint endPoint;

	@BeforeEach
	void createDirectory() throws IOException {
		this.shortDirectory = Pipes.shortDirectory();
		this.endPoint = Pipes.endPointIn(this.shortDirectory);
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		Files.delete(this.shortDirectory);
	}

	@Test
	void inFlightWorkDrainsAndIdleConnectionsAreAbortedAtTheShutdownTimeout() throws Exception {
		// one start and close first, so that the baseline holds what the JVM keeps after a first use
		start(new LoadHandler()).close();
		ProcessResources before = ProcessResources.settled();

		LoadHandler handler = new LoadHandler();
		ConfigurableApplicationContext context = start(handler);
		RecordingObserver observer = context.getBean(RecordingObserver.class);
		List<NamedPipeConnection> inFlight = new ArrayList<>();
		List<NamedPipeConnection> idle = new ArrayList<>();
		for (int i = 0; i < IN_FLIGHT; i++) {
			NamedPipeConnection client = Pipes.connect(this.endPoint);
			client.outputStream().write('W');
			client.outputStream().flush();
			inFlight.add(client);
		}
		for (int i = 0; i < IDLE; i++) {
			idle.add(Pipes.connect(this.endPoint));
		}
		assertThat(handler.requestsReceived.await(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		NamedPipeListeners listeners = context.getBean(NamedPipeListeners.class);
		await().atMost(Pipes.WAIT).until(() -> listeners.activeConnections("default") == IN_FLIGHT + IDLE);

		long closeStarted = System.nanoTime();
		CompletableFuture<Long> closed = Background.call("context-close", () -> {
			context.close();
			return System.nanoTime();
		});
		await().atMost(Pipes.WAIT)
			.until(() -> listeners.get("default").map((listener) -> !listener.isListening()).orElse(true));
		Pipes.assertRefusesNewClients(this.endPoint);
		handler.releaseWork.countDown();

		Duration closeTook = Duration.ofNanos(closed.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS) - closeStarted);
		assertThat(context.isActive()).isFalse();
		for (NamedPipeConnection client : inFlight) {
			try (client) {
				assertThat(client.inputStream().readAllBytes()).isEqualTo(REPLY);
			}
		}
		for (NamedPipeConnection client : idle) {
			try (client) {
				assertThat(client.inputStream().read()).isEqualTo(-1);
			}
		}
		assertThat(observer.closed(ConnectionErrorType.NONE)).isEqualTo(IN_FLIGHT);
		assertThat(observer.closed(ConnectionErrorType.SERVER_SHUTDOWN)).isEqualTo(IDLE);
		assertThat(observer.listenerAborts()).isZero();
		await().atMost(Pipes.WAIT).until(() -> handler.idleOutcomes.size() == IDLE);
		assertThat(handler.idleOutcomes).allMatch(ConnectionAbortedException.class::isInstance);
		// the idle connections are only aborted when the timeout ends, so close cannot return earlier
		assertThat(closeTook).isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT);
		ProcessResources.awaitBackTo(before);
		Figures.report("context close under load",
				"active=%d full replies=%d aborted=%d shutdown-timeout=%s close took %d ms; before[%s] after[%s]",
				IN_FLIGHT + IDLE, observer.closed(ConnectionErrorType.NONE),
				observer.closed(ConnectionErrorType.SERVER_SHUTDOWN), SHUTDOWN_TIMEOUT, closeTook.toMillis(), before,
				ProcessResources.now());
	}

	private ConfigurableApplicationContext start(LoadHandler handler) {
		return new SpringApplicationBuilder(RawApplication.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("loadHandler", handler))
			.properties("namedpipe.name=" + this.endPoint.name(),
					"namedpipe.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s", "spring.main.banner-mode=off")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(NamedPipeAutoConfiguration.class)
	static class RawApplication {

		@Bean
		RecordingObserver recordingObserver() {
			return new RecordingObserver();
		}

	}

	/**
	 * 'W' is a request whose work waits for the test and then answers in full; an idle
	 * connection sends nothing and its handler waits in a read until the connection ends.
	 */
	static final class LoadHandler implements NamedPipeConnectionHandler {

		final CountDownLatch requestsReceived = new CountDownLatch(IN_FLIGHT);

		final CountDownLatch releaseWork = new CountDownLatch(1);

		final List<Throwable> idleOutcomes = new CopyOnWriteArrayList<>();

		@Override
		public void handle(NamedPipeConnection connection) throws Exception {
			int request;
			try {
				request = connection.inputStream().read();
			}
			catch (IOException ex) {
				this.idleOutcomes.add(ex);
				return;
			}
			if (request == 'W') {
				this.requestsReceived.countDown();
				this.releaseWork.await();
				connection.outputStream().write(REPLY);
			}
		}

	}

}
