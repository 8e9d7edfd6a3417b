package dev.namedpipe.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring MVC application serving HTTP on the pipe (Jetty, {@code server.shutdown=graceful})
 * closed while slow requests are in flight: the pipe is released at once (new clients are
 * refused), the requests in flight complete with their full response, {@code close()} returns
 * and threads and descriptors are back to where they were before the application started.
 */
@UnixOnly("curl over the Unix socket")
class GracefulHttpShutdownIT {

	private static final int IN_FLIGHT = 10;

	private static final String BODY = "slow work done";

	@Test
	void slowRequestsInFlightCompleteAndThePipeIsReleasedAtOnce() throws Exception {
		RequiredTool.CURL.require();
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "ngs");
		Path socket = directory.resolve("http.sock");
		// one start and close first, so that the baseline holds what the JVM keeps after a first use
		start(socket, new SlowController()).close();
		ProcessResources before = ProcessResources.settled();

		SlowController controller = new SlowController();
		ConfigurableApplicationContext context = start(socket, controller);
		List<CompletableFuture<String>> inFlight = new ArrayList<>();
		for (int i = 0; i < IN_FLIGHT; i++) {
			inFlight.add(Background.call("slow-client", () -> curl(directory, socket, "/slow")));
		}
		assertThat(controller.received.await(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		long closeStarted = System.nanoTime();
		CompletableFuture<Long> closed = Background.call("context-close", () -> {
			context.close();
			return System.nanoTime();
		});
		await().atMost(Pipes.WAIT).until(() -> Files.notExists(socket));
		String refusedAfterShutdownBegan = curl(directory, socket, "/slow");
		controller.work.countDown();

		List<String> responses = new ArrayList<>();
		for (CompletableFuture<String> request : inFlight) {
			responses.add(request.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS));
		}
		Duration closeTook = Duration.ofNanos(closed.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS) - closeStarted);
		assertThat(responses).containsOnly("0 200 " + BODY);
		assertThat(refusedAfterShutdownBegan).isEqualTo("7 000 ");
		assertThat(context.isActive()).isFalse();
		ProcessResources.awaitBackTo(before);
		Figures.report("graceful HTTP shutdown",
				"%d slow requests in flight answered in full (%s), new client refused (%s), close took %d ms; before[%s] after[%s]",
				IN_FLIGHT, responses.get(0), refusedAfterShutdownBegan, closeTook.toMillis(), before,
				ProcessResources.now());
		PipeNames.deleteDirectory(directory);
	}

	private static ConfigurableApplicationContext start(Path socket, SlowController controller) {
		return new SpringApplicationBuilder(HttpApplication.class).web(WebApplicationType.SERVLET)
			.initializers((context) -> context.getBeanFactory().registerSingleton("slowController", controller))
			.properties("spring.main.banner-mode=off", "namedpipe.name=" + socket, "namedpipe.http.enabled=true",
					"namedpipe.http.pipe-only=true", "server.shutdown=graceful",
					"spring.lifecycle.timeout-per-shutdown-phase=30s")
			.run();
	}

	/** curl's exit code, HTTP status and body, e.g. {@code 0 200 body} or {@code 7 000 }. */
	private static String curl(Path workDirectory, Path socket, String path) throws Exception {
		ExternalProgram curl = ExternalProgram.run(workDirectory, "curl", "-s", "--max-time", "60", "-w",
				" %{http_code}", "--unix-socket", socket.toString(), "http://localhost" + path);
		String output = curl.stdout();
		int status = output.lastIndexOf(' ');
		return curl.exitCode() + " " + output.substring(status + 1) + " " + output.substring(0, status);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HttpApplication {

	}

	/** Answers once the test lets the work finish. */
	@RestController
	static class SlowController {

		final CountDownLatch received = new CountDownLatch(IN_FLIGHT);

		final CountDownLatch work = new CountDownLatch(1);

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.received.countDown();
			this.work.await();
			return BODY;
		}

	}

}
