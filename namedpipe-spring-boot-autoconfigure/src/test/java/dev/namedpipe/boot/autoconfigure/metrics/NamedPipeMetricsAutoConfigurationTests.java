package dev.namedpipe.boot.autoconfigure.metrics;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.TestPipeClient;
import dev.namedpipe.boot.autoconfigure.TestPipes;
import dev.namedpipe.boot.metrics.NamedPipeMetrics;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeMetricsAutoConfiguration}: the meters of real connections over
 * real pipes, in a real {@link MeterRegistry} bound by Spring Boot's metrics
 * auto-configuration.
 */
class NamedPipeMetricsAutoConfigurationTests {

	// as Kestrel tags them
	private static final String NETWORK_TRANSPORT = TestPlatform.isWindows() ? "pipe" : "unix";

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class,
				NamedPipeMetricsAutoConfiguration.class, MetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class,
					NamedPipeMetricsAutoConfiguration.class))
			.withBean(NamedPipeConnectionHandler.class, () -> NamedPipeConnection::close)
			.withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(NamedPipeMetrics.class));
	}

	@Test
	void backsOffWithoutAnEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeMetrics.class));
	}

	@Test
	void countsRealConnections() {
		String pipe = TestPipes.uniqueName(this.dir);
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line.equals("hold")) {
				holding.countDown();
				release.await();
			}
			connection.outputStream().write((line + "!\n").getBytes(StandardCharsets.UTF_8));
		}).withPropertyValues("namedpipe.name=" + pipe).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("namedpipe.connections.accepted").tag("pipe", pipe).counter().count()).isZero();
			assertThat(registry.get("namedpipe.connections.rejected")
				.tag("pipe", pipe)
				.tag("reason", "foreign_user")
				.counter()
				.count()).isZero();
			assertThat(registry.get("namedpipe.pipes.broken").tag("pipe", pipe).counter().count()).isZero();

			for (int i = 0; i < 3; i++) {
				assertThat(TestPipeClient.exchange(pipe, "abc")).isEqualTo("abc!");
			}
			await().untilAsserted(() -> assertThat(
					registry.get("namedpipe.connection.duration").tag("error.type", "none").timer().count())
				.isEqualTo(3));
			try (TestPipeClient held = TestPipeClient.connect(pipe)) {
				held.send("hold");
				holding.await();
				assertThat(registry.get("namedpipe.connections.active").tag("pipe", pipe).gauge().value())
					.isEqualTo(1);
				release.countDown();
				assertThat(held.readLine()).isEqualTo("hold!");
			}
			finally {
				release.countDown();
			}
			await().untilAsserted(() -> assertThat(
					registry.get("namedpipe.connection.duration").tag("error.type", "none").timer().count())
				.isEqualTo(4));
			assertThat(registry.get("namedpipe.connections.accepted").tags(kestrelTags(pipe)).counter().count())
				.isEqualTo(4);
			assertThat(registry.get("namedpipe.connections.active").tag("pipe", pipe).gauge().value()).isZero();
			assertThat(registry.get("namedpipe.bytes.received").tag("pipe", pipe).functionCounter().count())
				.isEqualTo(3 * "abc\n".length() + "hold\n".length());
			assertThat(registry.get("namedpipe.bytes.sent").tag("pipe", pipe).functionCounter().count())
				.isEqualTo(3 * "abc!\n".length() + "hold!\n".length());
			Timer duration = registry.get("namedpipe.connection.duration")
				.tags(kestrelTags(pipe))
				.tag("error.type", "none")
				.timer();
			assertThat(duration.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	@Test
	void tagsEveryMeterAsKestrelTagsItsConnections() {
		String pipe = TestPipes.uniqueName(this.dir);
		afterOneConnection(pipe, (registry) -> {
			List<Meter> meters = registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("namedpipe."))
				.toList();
			assertThat(meters).extracting((meter) -> meter.getId().getName())
				.contains("namedpipe.connections.accepted", "namedpipe.connections.active",
						"namedpipe.connections.rejected", "namedpipe.connection.duration", "namedpipe.pipes.broken",
						"namedpipe.bytes.received", "namedpipe.bytes.sent");
			assertThat(meters)
				.allSatisfy((meter) -> assertThat(meter.getId().getTags()).containsAll(kestrelTags(pipe)));
		});
	}

	// A meter built per event would come back once removed from the registry; one built at
	// bind time is the same instance for every connection, counted outside the registry.
	@Test
	void buildsTheMetersOncePerEndpointNotPerConnection() {
		String pipe = TestPipes.uniqueName(this.dir);
		afterOneConnection(pipe, (registry) -> {
			Search duration = registry.find("namedpipe.connection.duration").tag("error.type", "none");
			Counter accepted = (Counter) registry.remove(registry.get("namedpipe.connections.accepted").counter());
			Timer closed = (Timer) registry.remove(duration.timer());
			for (int i = 0; i < 3; i++) {
				// Our client waits for a free instance (ERROR_PIPE_BUSY on Windows between accepts),
				// and reads to the end the server's close gives: a client that left first could be
				// a vanished one (ERROR_NO_DATA on Windows), never accepted.
				try (NamedPipeConnection client = NamedPipeClient.connect(pipe, Duration.ofSeconds(30))) {
					assertThat(client.inputStream().read()).isEqualTo(-1);
				}
			}
			await().untilAsserted(() -> assertThat(closed.count()).isEqualTo(4));
			assertThat(accepted.count()).isEqualTo(4);
			assertThat(registry.find("namedpipe.connections.accepted").counter()).isNull();
			assertThat(duration.timer()).isNull();
		});
	}

	private void afterOneConnection(String pipe, ThrowingConsumer<MeterRegistry> assertions) {
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> NamedPipeConnection::close)
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				try (TestPipeClient client = TestPipeClient.connect(pipe)) {
					assertThat(client.readLine()).isNull();
				}
				await().until(() -> registry.find("namedpipe.connection.duration").timer() != null);
				assertions.accept(registry);
			});
	}

	private static Tags kestrelTags(String pipe) {
		return Tags.of("pipe", pipe, "network.transport", NETWORK_TRANSPORT, "server.address",
				TestPipes.address(pipe));
	}

	@Test
	void countsClientsBeyondTheLimitAsRejectedAndIdleConnectionsByTheirErrorType() {
		String pipe = TestPipes.uniqueName(this.dir);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> connection.inputStream().read())
			.withPropertyValues("namedpipe.name=" + pipe, "namedpipe.max-connections=1", "namedpipe.idle-timeout=2s")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Counter rejected = registry.get("namedpipe.connections.rejected")
					.tags(kestrelTags(pipe))
					.tag("reason", "limit")
					.counter();
				assertThat(rejected.count()).isZero();
				try (TestPipeClient idle = TestPipeClient.connect(pipe)) {
					await().until(() -> registry.get("namedpipe.connections.active")
						.tag("pipe", pipe)
						.gauge()
						.value() == 1);
					try (TestPipeClient beyond = TestPipeClient.connect(pipe)) {
						assertThat(beyond.readLine()).isNull();
					}
					await().until(() -> rejected.count() == 1);
					assertThat(idle.readLine()).isNull();
				}
				await().until(() -> registry.find("namedpipe.connection.duration")
					.tags(kestrelTags(pipe))
					.tag("error.type", "idle_timeout")
					.timer(), (timer) -> timer != null && timer.count() == 1);
				assertThat(registry.get("namedpipe.connections.accepted").tag("pipe", pipe).counter().count())
					.isEqualTo(1);
				assertThat(rejected.count()).isEqualTo(1);
			});
	}

	@Test
	void tagsTheErrorTypeOfAbortedConnections() {
		String pipe = TestPipes.uniqueName(this.dir);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
			throw new IllegalStateException("handler failure on purpose");
		}).withPropertyValues("namedpipe.name=" + pipe).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			try (TestPipeClient client = TestPipeClient.connect(pipe)) {
				assertThat(client.readLine()).isNull();
			}
			// find, not get: the timer exists only once the connection has ended.
			await().until(() -> registry.find("namedpipe.connection.duration")
				.tag("error.type", "unhandled_exception")
				.timer(), (timer) -> timer != null && timer.count() == 1);
		});
	}

}
