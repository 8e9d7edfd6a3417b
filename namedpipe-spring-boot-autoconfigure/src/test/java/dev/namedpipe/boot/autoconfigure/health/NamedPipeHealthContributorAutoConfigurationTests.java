package dev.namedpipe.boot.autoconfigure.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListenerLifecycle;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.TestPipeClient;
import dev.namedpipe.boot.autoconfigure.TestPipes;
import dev.namedpipe.boot.health.NamedPipeHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeHealthContributorAutoConfiguration} and
 * {@link NamedPipeHealthIndicator}.
 */
class NamedPipeHealthContributorAutoConfigurationTests {

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class,
				NamedPipeHealthContributorAutoConfiguration.class));

	@Test
	void upWithDetailsWhileEveryEndpointListens() {
		String main = TestPipes.uniqueName(this.dir);
		String admin = TestPipes.uniqueName(this.dir);
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
			handling.countDown();
			release.await();
		}).withPropertyValues("namedpipe.name=" + main, "namedpipe.endpoints.admin.name=" + admin).run((context) -> {
			NamedPipeHealthIndicator indicator = context.getBean("namedpipeHealthIndicator",
					NamedPipeHealthIndicator.class);
			try (TestPipeClient client = TestPipeClient.connect(admin)) {
				handling.await();
				Health health = indicator.health();
				release.countDown();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(endpointDetails(health, "default")).containsEntry("address", TestPipes.address(main))
					.containsEntry("listening", true)
					.containsEntry("activeConnections", 0);
				assertThat(endpointDetails(health, "admin")).containsEntry("address", TestPipes.address(admin))
					.containsEntry("activeConnections", 1);
			}
		});
	}

	@Test
	void downWhenStopped() {
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
		}).withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir)).run((context) -> {
			context.getBean(NamedPipeListenerLifecycle.class).stop();
			Health health = context.getBean(NamedPipeHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(endpointDetails(health, "default")).containsEntry("listening", false)
				.containsEntry("reason", "Listener closed");
		});
	}

	@Test
	void downWhenAnHttpEndpointIsNotBound() {
		this.runner.withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir), "namedpipe.http.enabled=true")
			.run((context) -> {
				Health health = context.getBean(NamedPipeHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(endpointDetails(health, "default")).containsEntry("reason",
						"Not bound: HTTP endpoints are served by the embedded Jetty server (with namedpipe-jetty)");
			});
	}

	// A listener aborts on a failure it cannot go on after, which no real pipe produces on
	// demand. Through the public API the one way is an observer that breaks its contract
	// (it must not throw): the listener treats that as fatal, as any unexpected exception.
	@Test
	void downWithTheReasonWhenAListenerAborted() {
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
		}).withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir)).run((context) -> {
			NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
			NamedPipeTransportObserver failing = new NamedPipeTransportObserver() {

				@Override
				public void connectionAccepted(NamedPipeConnection connection) {
					throw new IllegalStateException("observer failure on purpose");
				}

			};
			String pipe = TestPipes.uniqueName(this.dir);
			NamedPipeConnectionListener aborted = NamedPipeTransport.bind(NamedPipeEndPoint.of(pipe),
					NamedPipeTransportOptions.defaults(), failing);
			try {
				// Held open until the listener failed: a client that left first would be a vanished
				// one (ERROR_NO_DATA on Windows), which the listener survives without an accept.
				try (TestPipeClient client = TestPipeClient.connect(pipe)) {
					Awaitility.await().until(() -> aborted.failure().isPresent());
				}
				NamedPipeListeners listeners = new NamedPipeListeners();
				listeners.register("default", aborted);
				Health health = new NamedPipeHealthIndicator(endpoints, listeners).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(endpointDetails(health, "default")).containsEntry("listening", false)
					.containsEntry("reason",
							"Listener aborted: java.lang.IllegalStateException: observer failure on purpose");
			}
			finally {
				aborted.shutdown(Duration.ZERO);
			}
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
		})
			.withPropertyValues("namedpipe.name=" + TestPipes.uniqueName(this.dir),
					"management.health.namedpipe.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeHealthIndicator.class));
	}

	@Test
	void backsOffWithoutAnEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeHealthIndicator.class));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> endpointDetails(Health health, String id) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("endpoints")).get(id);
	}

}
