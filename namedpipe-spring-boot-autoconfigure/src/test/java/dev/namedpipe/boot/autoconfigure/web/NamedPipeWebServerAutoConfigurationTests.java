package dev.namedpipe.boot.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.NamedPipeBindException;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.LeakCheck;
import dev.namedpipe.boot.autoconfigure.TestPipeClient;
import dev.namedpipe.boot.autoconfigure.TestPipes;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.NodeHttpGet;
import dev.namedpipe.testsupport.NodeHttpGet.Response;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.WineGap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NamedPipeWebServerAutoConfiguration}: whole Spring MVC and WebFlux
 * applications on a real embedded Jetty (and Tomcat, which must be refused), called over the
 * pipe with Node.js's HTTP clients and over TCP with the JDK's, on both platforms (a Unix
 * socket, or a Win32 pipe with Node.js for Windows).
 */
class NamedPipeWebServerAutoConfigurationTests {

	private static final String HELLO_PEER = "hello " + TestPlatform.currentUser();

	private static final HttpClient tcpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final String NO_TCP_OWNER = "GetExtendedTcpTable reports no owning process (pid 0) for any socket";

	@TempDir
	Path dir;

	private String pipe;

	@BeforeEach
	void pipeOfTheTest() {
		this.pipe = TestPipes.uniqueName(this.dir);
	}

	private Response overPipe(String path) throws IOException, InterruptedException {
		return NodeHttpGet.get(this.dir, TestPipes.address(this.pipe), path);
	}

	private Response overPipeWithHttp2(String path) throws IOException, InterruptedException {
		return NodeHttpGet.getHttp2(this.dir, TestPipes.address(this.pipe), path);
	}

	private static Response overTcp(String port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = tcpClient.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), "1.1", response.body());
	}

	private ConfigurableApplicationContext run(Class<?> application, String... properties) {
		return run(application, WebApplicationType.SERVLET, properties);
	}

	private ConfigurableApplicationContext run(Class<?> application, WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("spring.main.banner-mode=off", "server.port=0", "namedpipe.name=" + this.pipe,
					"namedpipe.http.enabled=true", "management.endpoints.web.exposure.include=health,metrics",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
	}

	@Test
	void servesControllersOverThePipeAndTcpWithThePeerIdentityOnlyOnThePipe() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			assertThat(overPipe("/hello")).isEqualTo(new Response(200, "1.1", HELLO_PEER));
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(overTcp(port, "/hello").body()).isEqualTo("hello stranger");
		}
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	@WineGap(NO_TCP_OWNER)
	void listensOnTcpOnlyOnTheServerPortBesideThePipe() throws Exception {
		Set<Integer> listeningBefore = TcpListeners.ofThisProcess();
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(opened(listeningBefore)).containsExactly(Integer.parseInt(port));
		}
		assertThat(opened(listeningBefore)).isEmpty();
	}

	// The TCP listeners of this process that were not there before
	private static Set<Integer> opened(Set<Integer> listeningBefore) throws IOException {
		Set<Integer> opened = new HashSet<>(TcpListeners.ofThisProcess());
		opened.removeAll(listeningBefore);
		return opened;
	}

	@Test
	void servesHttp2WithPriorKnowledgeWhenEnabled() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "server.http2.enabled=true")) {
			assertThat(overPipeWithHttp2("/hello")).isEqualTo(new Response(200, "2", HELLO_PEER));
		}
	}

	@Test
	void reportsHealthAndMetricsOfTheHttpEndpointOverThePipe() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			assertThat(overPipe("/hello").status()).isEqualTo(200);
			Response health = overPipe("/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			Map<String, Object> endpoint = Map.of("address", TestPipes.address(this.pipe), "listening", true,
					"activeConnections", 1);
			assertThat(JsonPath.<Map<String, Object>>read(health.body(), "$.components.namedpipe"))
				.isEqualTo(Map.of("details", Map.of("endpoints", Map.of("default", endpoint)), "status", "UP"));
			Response accepted = overPipe("/actuator/metrics/namedpipe.connections.accepted");
			assertThat(accepted.status()).isEqualTo(200);
			// the /hello request, the health request and this one
			assertThat(JsonPath.<List<Double>>read(accepted.body(), "$.measurements[?(@.statistic == 'COUNT')].value"))
				.containsExactly(3.0);
		}
	}

	@Test
	void servesWebFluxOverThePipeWithThePeerIdentity() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyReactiveApplication.class, WebApplicationType.REACTIVE,
				"server.http2.enabled=true")) {
			assertThat(((WebServerApplicationContext) context).getWebServer())
				.isInstanceOf(JettyWebServer.class);
			assertThat(overPipe("/hello")).isEqualTo(new Response(200, "1.1", HELLO_PEER));
			assertThat(overPipeWithHttp2("/hello")).isEqualTo(new Response(200, "2", HELLO_PEER));
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(overTcp(port, "/hello").body()).isEqualTo("hello stranger");
			assertThat(listening(overPipe("/actuator/health"))).isTrue();
		}
		TestPipes.assertNotBound(this.pipe);
	}

	private static boolean listening(Response health) {
		return JsonPath.read(health.body(), "$.components.namedpipe.details.endpoints.default.listening");
	}

	@Test
	void servesThePipeFromTheMainServerWhenManagementHasItsOwnPort() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "management.server.port=0")) {
			assertThat(overPipe("/hello").body()).isEqualTo(HELLO_PEER);
			assertThat(overPipe("/actuator/health").status()).isEqualTo(404);
			String managementPort = context.getEnvironment().getProperty("local.management.port");
			assertThat(listening(overTcp(managementPort, "/actuator/health"))).isTrue();
		}
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	void servesOnlyThePipeInPipeOnlyMode() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "namedpipe.http.pipe-only=true")) {
			assertThat(overPipe("/hello").body()).isEqualTo(HELLO_PEER);
			assertThat(context.getEnvironment().getProperty("local.server.port")).isEqualTo("-1");
		}
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	@WineGap(NO_TCP_OWNER)
	void opensNoTcpListenerInPipeOnlyMode() throws Exception {
		Set<Integer> listeningBefore = TcpListeners.ofThisProcess();
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "namedpipe.http.pipe-only=true")) {
			assertThat(opened(listeningBefore)).isEmpty();
		}
	}

	// A new client is refused at once: on Unix the socket file is gone, on Windows every
	// instance left is the busy one of the request in flight.
	@Test
	void gracefulShutdownCompletesTheRequestInFlightAndRefusesNewConnections() throws Exception {
		ConfigurableApplicationContext context = run(JettyApplication.class, "server.shutdown=graceful");
		Gate gate = context.getBean(Gate.class);
		try (NodeHttpGet inFlight = NodeHttpGet.start(this.dir, TestPipes.address(this.pipe), "1.1", "/slow")) {
			assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
			// Closing: the graceful shutdown phase waits, up to its timeout, for the request in flight.
			CompletableFuture<Void> closed = Background
				.runUntilBlocked(Background.timedWaitIn(AbstractApplicationContext.class, "doClose"), context::close);
			await().atMost(Duration.ofSeconds(30)).until(() -> !TestPipes.isListening(this.pipe));
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> TestPipeClient.connectWithoutWaiting(this.pipe).close());
			assertThat(closed).isNotDone();
			gate.release.countDown();
			assertThat(inFlight.response()).isEqualTo(new Response(200, "1.1", "finished"));
			closed.get(60, TimeUnit.SECONDS);
		}
		finally {
			gate.release.countDown();
			context.close();
		}
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	void rejectsAndCountsAClientBeyondMaxConnectionsUntilTheOpenOneCloses() throws Exception {
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "namedpipe.max-connections=1")) {
			Gate gate = context.getBean(Gate.class);
			Counter rejected = context.getBean(MeterRegistry.class)
				.get("namedpipe.connections.rejected")
				.tag("reason", "limit")
				.counter();
			try (NodeHttpGet inFlight = NodeHttpGet.start(this.dir, TestPipes.address(this.pipe), "1.1", "/slow")) {
				assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
				try (TestPipeClient beyond = TestPipeClient.connect(this.pipe)) {
					assertThat(beyond.readLine()).isNull();
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> rejected.count() == 1);
				gate.release.countDown();
				assertThat(inFlight.response()).isEqualTo(new Response(200, "1.1", "finished"));
			}
			finally {
				gate.release.countDown();
			}
			NamedPipeListeners listeners = context.getBean(NamedPipeListeners.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> listeners.activeConnections("default") == 0);
			assertThat(overPipe("/hello")).isEqualTo(new Response(200, "1.1", HELLO_PEER));
			assertThat(rejected.count()).isEqualTo(1);
		}
	}

	@Test
	void refusesTheTransportsIdleTimeoutOnAnHttpEndpointNamingTheProperty() {
		assertThatException().isThrownBy(() -> run(JettyApplication.class, "namedpipe.idle-timeout=1m").close())
			.satisfies((ex) -> assertThat(Stream.iterate(ex, Objects::nonNull, Throwable::getCause))
				.filteredOn(InvalidNamedPipePropertyException.class::isInstance)
				.singleElement()
				.satisfies((invalid) -> assertThat(invalid.getMessage()).contains("'namedpipe.idle-timeout'")
					.contains("Jetty's idle timeout")
					.contains("server.jetty.connection-idle-timeout")));
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	void leavesNoThreadFileDescriptorHandleOrPipeBehind() throws Exception {
		// A first run loads the classes and opens the jars, which stay open
		try (ConfigurableApplicationContext context = run(JettyApplication.class)) {
			assertThat(overPipe("/hello").status()).isEqualTo(200);
		}
		LeakCheck leakCheck = LeakCheck.start();
		try (ConfigurableApplicationContext context = run(JettyApplication.class, "server.http2.enabled=true")) {
			assertThat(overPipe("/hello").status()).isEqualTo(200);
			assertThat(overPipeWithHttp2("/hello").status()).isEqualTo(200);
		}
		TestPipes.assertNotBound(this.pipe);
		leakCheck.assertNothingLeaked();
	}

	@Test
	@WineGap("FILE_FLAG_FIRST_PIPE_INSTANCE is ignored: a second server of a name in use starts")
	void reportsAPipeThatAnotherInstanceHoldsAsABindFailure() throws Exception {
		try (NamedPipeConnectionListener other = NamedPipeTransport.bind(NamedPipeEndPoint.of(this.pipe),
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE)) {
			assertThatException().isThrownBy(() -> run(JettyApplication.class).close())
				.havingCause()
				.havingCause()
				.isInstanceOf(NamedPipeBindException.class)
				.withMessageStartingWith("Named pipe endpoint 'default' could not listen on "
						+ TestPipes.address(this.pipe) + " (namedpipe.name=" + this.pipe + ")")
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
		TestPipes.assertNotBound(this.pipe);
	}

	@Test
	void leavesTomcatAloneWithoutHttpEndpoints() throws Exception {
		try (ConfigurableApplicationContext context = run(TomcatApplication.class, "namedpipe.http.enabled=false")) {
			assertThat(context.getBeansOfType(NamedPipeWebServerCheck.class)).isEmpty();
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(overTcp(port, "/actuator/health").status()).isEqualTo(200);
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

}
