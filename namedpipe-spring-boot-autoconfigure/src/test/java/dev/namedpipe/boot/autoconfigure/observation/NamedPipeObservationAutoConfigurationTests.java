package dev.namedpipe.boot.autoconfigure.observation;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.TestPipeClient;
import dev.namedpipe.boot.autoconfigure.TestPipes;
import dev.namedpipe.boot.observation.DefaultNamedPipeConnectionObservationConvention;
import dev.namedpipe.boot.observation.NamedPipeConnectionObservationContext;
import dev.namedpipe.boot.observation.NamedPipeConnectionObservationConvention;
import dev.namedpipe.boot.observation.NamedPipeObservations;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeObservationAutoConfiguration}: the observations of real
 * connections over real pipes, in a {@link TestObservationRegistry}.
 */
class NamedPipeObservationAutoConfigurationTests {

	private static final String NAME = "namedpipe.connection";

	@TempDir
	Path dir;

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class,
				NamedPipeObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.registry);

	@Test
	void backsOffWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class,
					NamedPipeObservationAutoConfiguration.class))
			.withBean(NamedPipeConnectionHandler.class, () -> NamedPipeConnection::close)
			.withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(NamedPipeObservations.class));
	}

	@Test
	void backsOffWithoutAnEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeObservations.class));
	}

	@Test
	void observesAConnectionFromItsAcceptToItsEndWithTheTagsOfTheMetrics() {
		String pipe = TestPipes.uniqueName(this.dir);
		CountDownLatch accepted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
			accepted.countDown();
			release.await();
			connection.close();
		}).withPropertyValues("namedpipe.name=" + pipe).run((context) -> {
			try (TestPipeClient client = TestPipeClient.connect(pipe)) {
				accepted.await();
				TestObservationRegistryAssert.assertThat(this.registry)
					.hasSingleObservationThat()
					.hasNameEqualTo(NAME)
					.hasBeenStarted()
					.isNotStopped()
					.hasLowCardinalityKeyValue("pipe", pipe)
					.doesNotHaveLowCardinalityKeyValueWithKey("error.type");
				release.countDown();
				assertThat(client.readLine()).isNull();
			}
			finally {
				release.countDown();
			}
			await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
				.hasSingleObservationThat()
				.hasBeenStopped());
			ObservationContextAssert<?> observation = TestObservationRegistryAssert.assertThat(this.registry)
				.hasSingleObservationThat()
				.hasContextualNameEqualTo("namedpipe " + pipe)
				.hasLowCardinalityKeyValue("network.transport", TestPlatform.isWindows() ? "pipe" : "unix")
				.hasLowCardinalityKeyValue("server.address", TestPipes.address(pipe))
				.hasLowCardinalityKeyValue("pipe", pipe)
				.hasLowCardinalityKeyValue("error.type", "none");
			if (TestPlatform.isWindows() || NamedPipePlatform.current() == NamedPipePlatform.LINUX) {
				// GetNamedPipeClientProcessId, or SO_PEERCRED read natively (the tests' argLine
				// exports sun.nio.ch as applications are told to): the client is this process
				observation.hasHighCardinalityKeyValue("peer.pid", Long.toString(ProcessHandle.current().pid()));
			}
			else {
				// the JDK's peer credentials of a Unix socket have no pid
				observation.doesNotHaveHighCardinalityKeyValueWithKey("peer.pid");
			}
		});
	}

	@Test
	void tagsAnAbortedConnectionWithItsErrorType() {
		String pipe = TestPipes.uniqueName(this.dir);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> connection.abort("enough"))
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					// Read to the end the server's abort gives: a client that left first could be a
					// vanished one (ERROR_NO_DATA on Windows), never accepted.
					try (TestPipeClient client = TestPipeClient.connect(pipe)) {
						assertThat(client.readLine()).isNull();
					}
				}
				await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
					.hasNumberOfObservationsWithNameEqualTo(NAME, 3)
					// error.type is set as the observation stops
					.forAllObservationsWithNameEqualTo(NAME, (observation) -> observation
						.hasLowCardinalityKeyValue("error.type", ConnectionErrorType.ABORTED_BY_APP.tag())));
			});
	}

	@Test
	void aConventionBeanReplacesTheDefault() {
		String pipe = TestPipes.uniqueName(this.dir);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> NamedPipeConnection::close)
			.withBean(NamedPipeConnectionObservationConvention.class, PipeOnlyConvention::new)
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> {
				try (TestPipeClient client = TestPipeClient.connect(pipe)) {
					assertThat(client.readLine()).isNull();
				}
				await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
					.hasSingleObservationThat()
					.hasBeenStopped()
					.hasNameEqualTo("pipe.connection")
					.hasLowCardinalityKeyValue("pipe", pipe)
					.doesNotHaveLowCardinalityKeyValueWithKey("server.address")
					.doesNotHaveHighCardinalityKeyValueWithKey("peer.pid"));
			});
	}

	static class PipeOnlyConvention extends DefaultNamedPipeConnectionObservationConvention {

		@Override
		public String getName() {
			return "pipe.connection";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(NamedPipeConnectionObservationContext context) {
			return KeyValues.of("pipe", context.getConnection().endPoint().name());
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(NamedPipeConnectionObservationContext context) {
			return KeyValues.empty();
		}

	}

}
