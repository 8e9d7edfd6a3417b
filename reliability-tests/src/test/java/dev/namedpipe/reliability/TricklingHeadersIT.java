package dev.namedpipe.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slowloris clients that trickle header bytes more often than the idle timeout, against a
 * Spring Boot application serving HTTP on the pipe (Jetty): the idle timeout does not end
 * them (every read restarts it), {@code server.max-http-request-header-size} does, with 431,
 * while other clients are served.
 */
@UnixOnly("curl over the Unix socket")
class TricklingHeadersIT {

	private static final int TRICKLERS = 10;

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

	private static final int MAX_HEADER_BYTES = 4096;

	private static final Duration TICK = Duration.ofMillis(250);

	private static final int BYTES_PER_TICK = 256;

	private static final byte[] REQUEST_START = "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Trickle: "
		.getBytes(StandardCharsets.US_ASCII);

	@Test
	void headerSizeLimitEndsTricklersThatTheIdleTimeoutDoesNot() throws Exception {
		RequiredTool.CURL.require();
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "nth");
		Path socket = directory.resolve("http.sock");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(HttpApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "namedpipe.name=" + socket, "namedpipe.http.enabled=true",
					"namedpipe.http.pipe-only=true", "management.endpoints.web.exposure.include=health",
					"server.jetty.connection-idle-timeout=" + IDLE_TIMEOUT.toMillis() + "ms",
					"server.max-http-request-header-size=" + MAX_HEADER_BYTES + "B")
			.run();
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		List<SocketChannel> tricklers = new ArrayList<>();
		try {
			assertThat(curlStatus(directory, socket)).isEqualTo("200");
			long started = System.nanoTime();
			List<CompletableFuture<String>> outcomes = new ArrayList<>();
			for (int i = 0; i < TRICKLERS; i++) {
				SocketChannel trickler = SocketChannel.open(UnixDomainSocketAddress.of(socket));
				trickler.write(ByteBuffer.wrap(REQUEST_START));
				tricklers.add(trickler);
				outcomes.add(Background.call("trickler-outcome", () -> statusOrClosed(trickler)));
			}
			AtomicInteger ticks = new AtomicInteger();
			byte[] chunk = new byte[BYTES_PER_TICK];
			Arrays.fill(chunk, (byte) 'a');
			// at a fixed rate the n-th write is never earlier than n ticks after the start
			ticker.scheduleAtFixedRate(() -> {
				ticks.incrementAndGet();
				for (SocketChannel trickler : tricklers) {
					try {
						trickler.write(ByteBuffer.wrap(chunk));
					}
					catch (IOException ex) {
						// answered and closed by the server
					}
				}
			}, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);

			// longer than the idle timeout with bytes still coming: the idle timeout ends none
			await().atMost(Pipes.WAIT).until(() -> ticks.get() * TICK.toMillis() > IDLE_TIMEOUT.toMillis() + TICK.toMillis());
			List<String> servedMeanwhile = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				servedMeanwhile.add(curlStatus(directory, socket));
			}
			Map<String, Integer> ended = new TreeMap<>();
			for (CompletableFuture<String> outcome : outcomes) {
				ended.merge(outcome.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
			}
			Duration lasted = Duration.ofNanos(System.nanoTime() - started);
			int ticksToLimit = (MAX_HEADER_BYTES - REQUEST_START.length) / BYTES_PER_TICK;
			assertThat(servedMeanwhile).containsOnly("200");
			assertThat(ended).isEqualTo(Map.of("431", TRICKLERS));
			assertThat(lasted).isGreaterThanOrEqualTo(TICK.multipliedBy(ticksToLimit)).isGreaterThan(IDLE_TIMEOUT);
			Figures.report("trickling slowloris",
					"%d tricklers, %d B every %d ms, idle timeout %d ms: ended by the %d B header limit with %s after %d ms (%d ticks); %d requests served meanwhile",
					TRICKLERS, BYTES_PER_TICK, TICK.toMillis(), IDLE_TIMEOUT.toMillis(), MAX_HEADER_BYTES, ended,
					lasted.toMillis(), ticks.get(), servedMeanwhile.size());
		}
		finally {
			ticker.shutdownNow();
			for (SocketChannel trickler : tricklers) {
				trickler.close();
			}
			context.close();
		}
		assertThat(socket).doesNotExist();
		PipeNames.deleteDirectory(directory);
	}

	/** Reads until the server closes: the status of its response, or {@code closed}. */
	private static String statusOrClosed(SocketChannel client) {
		try (InputStream in = Channels.newInputStream(client)) {
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			return response.startsWith("HTTP/1.1 ") ? response.substring(9, 12) : "closed";
		}
		catch (IOException ex) {
			return "closed";
		}
	}

	private static String curlStatus(Path workDirectory, Path socket) throws Exception {
		ExternalProgram curl = ExternalProgram.run(workDirectory, "curl", "-sS", "--max-time", "30", "-o", "/dev/null",
				"-w", "%{http_code}", "--unix-socket", socket.toString(), "http://localhost/actuator/health");
		return curl.stdout();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HttpApplication {

	}

}
