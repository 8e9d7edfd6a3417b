package dev.namedpipe.boot.autoconfigure.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.boot.autoconfigure.LeakCheck;
import dev.namedpipe.boot.autoconfigure.NamedPipeBindException;
import dev.namedpipe.boot.autoconfigure.NamedPipeConnectionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeWebServerAutoConfiguration}: whole Spring MVC applications on
 * a real embedded Jetty (and Tomcat, which must be refused), called with {@code curl}.
 */
class NamedPipeWebServerAutoConfigurationTests {

	private static final String USER = System.getProperty("user.name");

	@TempDir
	Path dir;

	private Path socket() {
		return this.dir.resolve("web.sock");
	}

	private ConfigurableApplicationContext run(Class<?> application, String... properties) {
		return run(application, WebApplicationType.SERVLET, properties);
	}

	private ConfigurableApplicationContext run(Class<?> application, WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("spring.main.banner-mode=off", "server.port=0", "namedpipe.name=" + socket(),
					"namedpipe.http.enabled=true", "management.endpoints.web.exposure.include=health,metrics",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
	}

	@Test
	void servesControllersOverThePipeAndTcpWithThePeerIdentityOnlyOnThePipe() throws Exception {
		Set<Long> listeningBefore = TcpListeners.ofThisProcess();
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			Curl.Response overPipe = Curl.get(socket(), "http://localhost/hello");
			assertThat(overPipe).isEqualTo(new Curl.Response(0, "hello " + USER, "1.1", 200));
			assertThat(TcpListeners.ofThisProcess()).hasSize(listeningBefore.size() + 1);
			String port = context.getEnvironment().getProperty("local.server.port");
			Curl.Response overTcp = Curl.get(null, "http://localhost:" + port + "/hello");
			assertThat(overTcp.body()).isEqualTo("hello stranger");
		}
		assertThat(socket()).doesNotExist();
	}

	@Test
	void servesHttp2WithPriorKnowledgeWhenEnabled() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "server.http2.enabled=true")) {
			Curl.Response response = Curl.get(socket(), "http://localhost/hello", "--http2-prior-knowledge");
			assertThat(response).isEqualTo(new Curl.Response(0, "hello " + USER, "2", 200));
		}
	}

	@Test
	void reportsHealthAndMetricsOfTheHttpEndpointOverThePipe() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			assertThat(Curl.get(socket(), "http://localhost/hello").status()).isEqualTo(200);
			Curl.Response health = Curl.get(socket(), "http://localhost/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.body()).containsPattern("\"namedpipe\":\\{\"details\":\\{\"endpoints\":\\{\"default\":\\{\"address\":\""
					+ Pattern.quote(socket().toString()) + "\",\"listening\":true,\"activeConnections\":1}}},\"status\":\"UP\"}");
			Curl.Response accepted = Curl.get(socket(), "http://localhost/actuator/metrics/namedpipe.connections.accepted");
			assertThat(accepted.status()).isEqualTo(200);
			Matcher value = Pattern.compile("\"value\":([0-9.]+)").matcher(accepted.body());
			assertThat(value.find()).as(accepted.body()).isTrue();
			// the /hello request, the health request and this one
			assertThat(Double.parseDouble(value.group(1))).isEqualTo(3.0);
		}
	}

	@Test
	void servesWebFluxOverThePipeWithThePeerIdentity() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyReactiveApplication.class, WebApplicationType.REACTIVE,
				"server.http2.enabled=true")) {
			assertThat(((WebServerApplicationContext) context).getWebServer())
				.isInstanceOf(JettyWebServer.class);
			assertThat(Curl.get(socket(), "http://localhost/hello"))
				.isEqualTo(new Curl.Response(0, "hello " + USER, "1.1", 200));
			assertThat(Curl.get(socket(), "http://localhost/hello", "--http2-prior-knowledge"))
				.isEqualTo(new Curl.Response(0, "hello " + USER, "2", 200));
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(Curl.get(null, "http://localhost:" + port + "/hello").body()).isEqualTo("hello stranger");
			assertThat(Curl.get(socket(), "http://localhost/actuator/health").body())
				.contains("\"listening\":true");
		}
		assertThat(socket()).doesNotExist();
	}

	@Test
	void servesThePipeFromTheMainServerWhenManagementHasItsOwnPort() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "management.server.port=0")) {
			assertThat(Curl.get(socket(), "http://localhost/hello").body()).isEqualTo("hello " + USER);
			assertThat(Curl.get(socket(), "http://localhost/actuator/health").status()).isEqualTo(404);
			String managementPort = context.getEnvironment().getProperty("local.management.port");
			assertThat(Curl.get(null, "http://localhost:" + managementPort + "/actuator/health").body())
				.contains("\"listening\":true");
		}
		assertThat(socket()).doesNotExist();
	}

	@Test
	void opensNoTcpPortInPipeOnlyMode() throws Exception {
		Set<Long> listeningBefore = TcpListeners.ofThisProcess();
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "namedpipe.http.pipe-only=true")) {
			assertThat(Curl.get(socket(), "http://localhost/hello").body()).isEqualTo("hello " + USER);
			assertThat(TcpListeners.ofThisProcess()).isEqualTo(listeningBefore);
			assertThat(context.getEnvironment().getProperty("local.server.port")).isEqualTo("-1");
		}
		assertThat(socket()).doesNotExist();
	}

	@Test
	void gracefulShutdownCompletesTheRequestInFlightAndRefusesNewConnections() throws Exception {
		ConfigurableApplicationContext context = run(JettyApplication.class, "server.shutdown=graceful");
		Gate gate = context.getBean(Gate.class);
		Curl inFlight = Curl.start(socket(), "http://localhost/slow");
		assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(socket()));
		Curl.Response refused = Curl.get(socket(), "http://localhost/hello");
		assertThat(refused.exitCode()).as(refused.body()).isEqualTo(7);
		assertThat(closed).isNotDone();
		gate.release.countDown();
		assertThat(inFlight.response()).isEqualTo(new Curl.Response(0, "finished", "1.1", 200));
		closed.get(60, TimeUnit.SECONDS);
	}

	@Test
	void leaksNoThreadFileDescriptorOrSocketFile() throws Exception {
		// A first run loads the classes and opens the jars, which stay open
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			assertThat(Curl.get(socket(), "http://localhost/hello").status()).isEqualTo(200);
		}
		LeakCheck leakCheck = LeakCheck.start();
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "server.http2.enabled=true")) {
			assertThat(Curl.get(socket(), "http://localhost/hello").status()).isEqualTo(200);
			assertThat(Curl.get(socket(), "http://localhost/hello", "--http2-prior-knowledge").status())
				.isEqualTo(200);
		}
		assertThat(socket()).doesNotExist();
		leakCheck.assertNothingLeaked();
	}

	@Test
	void reportsAPipeThatAnotherInstanceHoldsAsABindFailure() throws Exception {
		try (NamedPipeConnectionListener other = NamedPipeTransport.bind(NamedPipeEndPoint.of(socket().toString()),
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE)) {
			assertThatException().isThrownBy(() -> run(JettyApplication.class).close())
				.havingCause()
				.havingCause()
				.isInstanceOf(NamedPipeBindException.class)
				.withMessageStartingWith("Named pipe endpoint 'default' could not listen on " + socket() + " (namedpipe.name="
						+ socket() + ")")
				.withCauseInstanceOf(NamedPipeInUseException.class);
			assertThat(other.isListening()).isTrue();
		}
	}

	@Test
	void refusesToStartOnTomcatSayingHowToSwitchToJetty() {
		assertThatException().isThrownBy(() -> run(TomcatApplication.class).close())
			.satisfies((ex) -> {
				FailureAnalysis analysis = new NamedPipeHttpServerUnsupportedFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("namedpipe.http.enabled=true")
					.contains("TomcatServletWebServerFactory");
				assertThat(analysis.getAction())
					.contains("exclude org.springframework.boot:spring-boot-starter-tomcat")
					.contains("add org.springframework.boot:spring-boot-starter-jetty and dev.namedpipe:namedpipe-jetty");
			});
		assertThat(socket()).doesNotExist();
	}

	@Test
	void leavesTomcatAloneWithoutHttpEndpoints() throws Exception {
		try (ConfigurableApplicationContext context = run(TomcatApplication.class, "namedpipe.http.enabled=false")) {
			assertThat(context.getBeansOfType(NamedPipeWebServerCheck.class)).isEmpty();
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(Curl.get(null, "http://localhost:" + port + "/actuator/health").status()).isEqualTo(200);
		}
	}

	// Tomcat is on the test class path, for the application that must fail on it
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = { TomcatServletWebServerAutoConfiguration.class,
			TomcatServletManagementContextAutoConfiguration.class })
	@Import({ HelloController.class, Gate.class })
	static class JettyApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = TomcatReactiveWebServerAutoConfiguration.class)
	@Import(HelloController.class)
	static class JettyReactiveApplication {

		@Bean
		Gate gate() {
			return new Gate();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = JettyServletWebServerAutoConfiguration.class)
	@Import({ HelloController.class, Gate.class })
	static class TomcatApplication {

		@Bean
		NamedPipeConnectionHandler closingHandler() {
			return NamedPipeConnection::close;
		}

	}

	/**
	 * Holds the {@code /slow} request until released.
	 */
	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

	}

	@RestController
	static class HelloController {

		private final Gate gate;

		HelloController(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/hello")
		String hello(PeerIdentity peer) {
			return "hello " + ((peer != null) ? peer.user() : "stranger");
		}

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.gate.entered.countDown();
			return this.gate.release.await(60, TimeUnit.SECONDS) ? "finished" : "not released";
		}

	}

	/**
	 * The listening TCP sockets this process holds (Linux).
	 */
	static final class TcpListeners {

		private static final String LISTEN = "0A";

		static Set<Long> ofThisProcess() throws IOException {
			Set<Long> ownSockets;
			try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
				ownSockets = descriptors.map(TcpListeners::socketInode)
					.filter((inode) -> inode >= 0)
					.collect(Collectors.toSet());
			}
			Set<Long> listening = new HashSet<>();
			for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
				List<String> lines = Files.readAllLines(Path.of(table));
				for (String line : lines.subList(1, lines.size())) {
					String[] columns = line.trim().split("\\s+");
					long inode = Long.parseLong(columns[9]);
					if (LISTEN.equals(columns[3]) && ownSockets.contains(inode)) {
						listening.add(inode);
					}
				}
			}
			return listening;
		}

		private static long socketInode(Path descriptor) {
			try {
				String target = Files.readSymbolicLink(descriptor).toString();
				return target.startsWith("socket:[") ? Long.parseLong(target.substring(8, target.length() - 1)) : -1;
			}
			catch (IOException ex) {
				return -1;
			}
		}

	}

}
