package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListenerLifecycle;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeListenerLifecycle}: closing the context stops accepting at once,
 * drains in-flight connections up to the shutdown timeout, releases the name (removes the
 * socket file on Unix) and leaves no thread, file descriptor or handle behind.
 */
class NamedPipeListenerLifecycleTests {

	@TempDir
	Path dir;

	private final RecordingObserver observer = new RecordingObserver();

	@Test
	void contextCloseDrainsAnInFlightConnectionAndReleasesTheName() throws Exception {
		LeakCheck leaks = LeakCheck.start();
		String pipe = TestPipes.uniqueName(this.dir);
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		runner(pipe, (connection) -> {
			int request = connection.inputStream().read();
			handling.countDown();
			release.await();
			connection.outputStream().write(("done " + (char) request + "\n").getBytes(StandardCharsets.UTF_8));
		}, "namedpipe.shutdown-timeout=1m").run((context) -> {
			try (TestPipeClient client = TestPipeClient.connect(pipe)) {
				client.send("a");
				handling.await();
				// Draining: the listener's shutdown waits for the connection up to the timeout.
				CompletableFuture<Void> closed = Background.runUntilBlocked(
						Background.timedWaitIn(NamedPipeConnectionListener.class, "shutdown"), context::close);
				assertThat(TestPipes.isListening(pipe)).isFalse();
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> TestPipeClient.connectWithoutWaiting(pipe).close());
				assertThat(closed).isNotDone();
				release.countDown();
				assertThat(client.readLine()).isEqualTo("done a");
				assertThat(client.readLine()).isNull();
				closed.get(30, TimeUnit.SECONDS);
			}
			finally {
				release.countDown();
			}
			assertThat(this.observer.nextClosed()).isEqualTo(ConnectionErrorType.NONE);
		});
		TestPipes.assertNotBound(pipe);
		leaks.assertNothingLeaked();
	}

	// The transport's threads are daemons: without this one an application with no web server
	// would end as its main method returns.
	@Test
	void aNonDaemonThreadKeepsTheJvmAliveWhileListening() throws Exception {
		String pipe = TestPipes.uniqueName(this.dir);
		runner(pipe, (connection) -> connection.outputStream().write('!')).run((context) -> {
			assertThat(threadsNamed("namedpipe-keep-alive")).singleElement()
				.satisfies((thread) -> assertThat(thread.isDaemon()).isFalse());
			context.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> threadsNamed("namedpipe-keep-alive").isEmpty());
		});
	}

	private static List<Thread> threadsNamed(String name) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().equals(name)).toList();
	}

	@Test
	void abortsConnectionsStillOpenAfterTheShutdownTimeout() throws Exception {
		LeakCheck leaks = LeakCheck.start();
		String pipe = TestPipes.uniqueName(this.dir);
		CountDownLatch handling = new CountDownLatch(1);
		runner(pipe, (connection) -> {
			handling.countDown();
			connection.inputStream().read();
		}, "namedpipe.shutdown-timeout=0s").run((context) -> {
			try (TestPipeClient client = TestPipeClient.connect(pipe)) {
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
		String pipe = TestPipes.uniqueName(this.dir);
		runner(pipe, new EchoLineHandler("r:")).run((context) -> {
			NamedPipeListenerLifecycle lifecycle = context.getBean(NamedPipeListenerLifecycle.class);
			assertThat(TestPipeClient.exchange(pipe, "1")).isEqualTo("r:1");
			lifecycle.stop();
			assertThat(lifecycle.isRunning()).isFalse();
			TestPipes.assertNotBound(pipe);
			lifecycle.start();
			assertThat(TestPipeClient.exchange(pipe, "2")).isEqualTo("r:2");
		});
		TestPipes.assertNotBound(pipe);
		leaks.assertNothingLeaked();
	}

	@Test
	void anApplicationMaySupplyItsOwnLifecycle() throws Exception {
		String pipe = TestPipes.uniqueName(this.dir);
		runner(pipe, new EchoLineHandler("auto:")).withUserConfiguration(OwnLifecycleConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(NamedPipeListenerLifecycle.class).hasBean("ownLifecycle");
				assertThat(TestPipeClient.exchange(pipe, "1")).isEqualTo("own:1");
			});
		TestPipes.assertNotBound(pipe);
	}

	private ApplicationContextRunner runner(String pipe, NamedPipeConnectionHandler handler, String... properties) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(RecordingObserver.class, () -> this.observer)
			.withBean(NamedPipeConnectionHandler.class, () -> handler)
			.withPropertyValues("namedpipe.name=" + pipe)
			.withPropertyValues(properties);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLifecycleConfiguration {

		@Bean
		NamedPipeListenerLifecycle ownLifecycle(NamedPipeEndpoints endpoints, NamedPipeListeners listeners) {
			return new NamedPipeListenerLifecycle(endpoints.raw(), (endpoint) -> new EchoLineHandler("own:"),
					new SimpleAsyncTaskExecutor("own-"), listeners, () -> NamedPipeTransportObserver.NONE);
		}

	}

}
