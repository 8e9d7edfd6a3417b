package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.namedpipe.ConnectionErrorType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeListenerLifecycle}: closing the context stops accepting at once,
 * drains in-flight connections up to the shutdown timeout, removes the socket file and
 * leaves no thread or file descriptor behind.
 */
class NamedPipeListenerLifecycleTests {

	@TempDir
	Path dir;

	private final RecordingObserver observer = new RecordingObserver();

	@Test
	void contextCloseDrainsAnInFlightConnectionAndRemovesTheSocketFile() throws Exception {
		LeakCheck leaks = LeakCheck.start();
		Path socket = this.dir.resolve("drain.sock");
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> closed = new CompletableFuture<>();
		runner(socket, (connection) -> {
			int request = connection.inputStream().read();
			handling.countDown();
			release.await();
			connection.outputStream().write(("done " + (char) request + "\n").getBytes(StandardCharsets.UTF_8));
		}, "namedpipe.shutdown-timeout=1m").run((context) -> {
			try (TestPipeClient client = TestPipeClient.connect(socket)) {
				client.send("a");
				handling.await();
				CompletableFuture.runAsync(() -> closeContext(context, closed));
				await().untilAsserted(() -> assertThat(socket).doesNotExist());
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> TestPipeClient.connect(socket));
				assertThat(closed).isNotDone();
				release.countDown();
				assertThat(client.readLine()).isEqualTo("done a");
				assertThat(client.readLine()).isNull();
			}
			finally {
				release.countDown();
			}
			closed.get();
			assertThat(this.observer.nextClosed()).isEqualTo(ConnectionErrorType.NONE);
		});
		leaks.assertNothingLeaked();
	}

	@Test
	void abortsConnectionsStillOpenAfterTheShutdownTimeout() throws Exception {
		LeakCheck leaks = LeakCheck.start();
		Path socket = this.dir.resolve("abort.sock");
		CountDownLatch handling = new CountDownLatch(1);
		runner(socket, (connection) -> {
			handling.countDown();
			connection.inputStream().read();
		}, "namedpipe.shutdown-timeout=0s").run((context) -> {
			try (TestPipeClient client = TestPipeClient.connect(socket)) {
				handling.await();
				context.close();
				assertThat(client.readLine()).isNull();
			}
			assertThat(this.observer.nextClosed()).isEqualTo(ConnectionErrorType.SERVER_SHUTDOWN);
		});
		leaks.assertNothingLeaked();
	}

	@Test
	void stopAndStartRebindsTheEndpoint() throws Exception {
		LeakCheck leaks = LeakCheck.start();
		Path socket = this.dir.resolve("restart.sock");
		runner(socket, new EchoLineHandler("r:")).run((context) -> {
			NamedPipeListenerLifecycle lifecycle = context.getBean(NamedPipeListenerLifecycle.class);
			assertThat(TestPipeClient.exchange(socket, "1")).isEqualTo("r:1");
			lifecycle.stop();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(socket).doesNotExist();
			lifecycle.start();
			assertThat(TestPipeClient.exchange(socket, "2")).isEqualTo("r:2");
		});
		assertThat(socket).doesNotExist();
		leaks.assertNothingLeaked();
	}

	private ApplicationContextRunner runner(Path socket, NamedPipeConnectionHandler handler, String... properties) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(RecordingObserver.class, () -> this.observer)
			.withBean(NamedPipeConnectionHandler.class, () -> handler)
			.withPropertyValues("namedpipe.name=" + socket)
			.withPropertyValues(properties);
	}

	private static void closeContext(ConfigurableApplicationContext context, CompletableFuture<Void> closed) {
		try {
			context.close();
			closed.complete(null);
		}
		catch (RuntimeException ex) {
			closed.completeExceptionally(ex);
		}
	}

}
