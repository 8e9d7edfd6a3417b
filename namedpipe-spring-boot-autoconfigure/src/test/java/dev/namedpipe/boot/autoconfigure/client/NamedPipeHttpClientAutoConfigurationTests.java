package dev.namedpipe.boot.autoconfigure.client;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.autoconfigure.LeakCheck;
import dev.namedpipe.boot.client.NamedPipeHttpClients;
import dev.namedpipe.boot.client.NamedPipeWebClients;
import dev.namedpipe.jetty.NamedPipeServerConnector;
import dev.namedpipe.jetty.PeerIdentityCustomizer;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static dev.namedpipe.testsupport.Failures.causeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link NamedPipeHttpClientAutoConfiguration}: {@code RestClient}, an {@code @HttpExchange}
 * interface and {@code WebClient} over {@code namedpipe.client.<id>} reach a Jetty server on a
 * pipe (ours), with the client's user as the server sees it; the pipe's forms, the base URL,
 * the connect timeout, a server of another owner refused, malformed and missing pipes at
 * startup; nothing left after the context closes. Runs on both platforms.
 */
class NamedPipeHttpClientAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeHttpClientAutoConfiguration.class));

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private Server server;

	private LeakCheck leakCheck;

	// A context on a filtered class loader opens jars the JVM then keeps (on Windows, handles
	// that the leak check would count): opened once before any baseline is taken.
	@BeforeAll
	static void loadWhatAFilteredClassLoaderOpens() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeHttpClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(HttpClientTransportOverHTTP2.class))
			.withPropertyValues("namedpipe.client.api.pipe=warm-up", "namedpipe.client.api.protocol=h2c")
			.run((context) -> assertThat(context).hasFailed());
	}

	@BeforeEach
	void startServer() throws Exception {
		this.leakCheck = LeakCheck.start();
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		this.server = new Server();
		HttpConfiguration configuration = new HttpConfiguration();
		this.server.addConnector(new NamedPipeServerConnector(this.server, this.endPoint,
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE,
				new HttpConnectionFactory(configuration), new HTTP2CServerConnectionFactory(configuration)));
		this.server.setHandler(new WhoAmI());
		this.server.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.stop();
		PipeNames.deleteDirectory(this.directory);
		this.leakCheck.assertNothingLeaked();
	}

	@Test
	void restClientHttpExchangeAndWebClientReachThePipe() {
		this.runner.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name()).run((context) -> {
			NamedPipeHttpClients clients = context.getBean(NamedPipeHttpClients.class);
			assertThat(clients.ids()).containsExactly("api");
			String expected = "GET /hello localhost " + TestPlatform.currentUser();
			RestClient restClient = clients.restClientBuilder("api").build();
			assertThat(restClient.get().uri("/hello").retrieve().body(String.class)).isEqualTo(expected);
			Api api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient))
				.build()
				.createClient(Api.class);
			assertThat(api.echo("over the pipe")).isEqualTo("over the pipe");
			assertThat(context.getBean(NamedPipeWebClients.class).webClientBuilder("api")
				.build()
				.get()
				.uri("/hello")
				.retrieve()
				.bodyToMono(String.class)
				.block(WAIT)).isEqualTo(expected);
		});
	}

	// An MVC application (the sample) has no WebFlux: the clients work without it.
	@Test
	void withoutWebFluxTheRestClientsStillWork() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(NamedPipeWebClients.class);
				RestClient restClient = context.getBean(NamedPipeHttpClients.class).restClientBuilder("api").build();
				assertThat(restClient.get().uri("/hello").retrieve().body(String.class)).startsWith("GET /hello");
			});
	}

	// Spring Boot's builders (spring-boot-restclient, spring-boot-webclient) bring the
	// application's customizers, converters and observations: the pipe's builders keep them.
	@Test
	void buildersStartFromSpringBootsWithTheApplicationsCustomizers() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.runner
			.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withBean(RestClientCustomizer.class, () -> (builder) -> builder.requestInterceptor((request, body, execution) -> {
				seen.add("rest " + request.getURI());
				return execution.execute(request, body);
			}))
			.withBean(WebClientCustomizer.class, () -> (builder) -> builder.filter((request, next) -> {
				seen.add("web " + request.url());
				return next.exchange(request);
			}))
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name())
			.run((context) -> {
				assertThat(context.getBean(NamedPipeHttpClients.class)
					.restClientBuilder("api")
					.build()
					.get()
					.uri("/hello")
					.retrieve()
					.body(String.class)).startsWith("GET /hello localhost");
				assertThat(context.getBean(NamedPipeWebClients.class)
					.webClientBuilder("api")
					.build()
					.get()
					.uri("/hello")
					.retrieve()
					.bodyToMono(String.class)
					.block(WAIT)).startsWith("GET /hello localhost");
				assertThat(seen).containsExactly("rest http://localhost/hello", "web http://localhost/hello");
			});
	}

	@Test
	void h2cSpeaksHttp2WithPriorKnowledge() {
		this.runner
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name(), "namedpipe.client.api.protocol=h2c")
			.run((context) -> {
				RestClient restClient = context.getBean(NamedPipeHttpClients.class).restClientBuilder("api").build();
				assertThat(restClient.get().uri("/version").retrieve().body(String.class)).isEqualTo("HTTP/2.0");
				assertThat(context.getBean(NamedPipeWebClients.class)
					.webClientBuilder("api")
					.build()
					.get()
					.uri("/version")
					.retrieve()
					.bodyToMono(String.class)
					.block(WAIT)).isEqualTo("HTTP/2.0");
			});
	}

	@Test
	void http1IsTheDefault() {
		this.runner.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name())
			.run((context) -> assertThat(context.getBean(NamedPipeHttpClients.class)
				.restClientBuilder("api")
				.build()
				.get()
				.uri("/version")
				.retrieve()
				.body(String.class)).isEqualTo("HTTP/1.1"));
	}

	@Test
	void h2cWithoutJettysHttp2ClientTransportFailsTheStartNamingTheProperty() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClientTransportOverHTTP2.class))
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name(), "namedpipe.client.api.protocol=h2c")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(propertyFailure(context.getStartupFailure()))
					.hasMessageContaining("'namedpipe.client.api.protocol'")
					.hasMessageContaining("'h2c'")
					.hasMessageContaining("jetty-http2-client-transport");
			});
	}

	@Test
	void baseUrlSetsTheHostHeader() {
		this.runner
			.withPropertyValues("namedpipe.client.docker.pipe=" + uriOf(this.endPoint),
					"namedpipe.client.docker.base-url=http://docker/v1.43")
			.run((context) -> assertThat(context.getBean(NamedPipeHttpClients.class)
				.restClientBuilder("docker")
				.build()
				.get()
				.uri("/info")
				.retrieve()
				.body(String.class)).startsWith("GET /v1.43/info docker "));
	}

	@Test
	void missingPipeFailsAfterTheConnectTimeoutNamingThePipe() {
		NamedPipeEndPoint missing = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		this.runner
			.withPropertyValues("namedpipe.client.gone.pipe=" + missing.name(),
					"namedpipe.client.gone.connect-timeout=200ms")
			.run((context) -> {
				RestClient restClient = context.getBean(NamedPipeHttpClients.class).restClientBuilder("gone").build();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get().uri("/hello").retrieve().body(String.class))
					.withMessageContaining(missing.address())
					.withMessageContaining("PT0.2S")
					.havingCause()
					.isInstanceOf(ConnectException.class);
			});
	}

	@Test
	void serverOfAnotherOwnerIsRefusedBeforeTheRequestIsSentNamingBothOwners() {
		String other = TestPlatform.isWindows() ? "S-1-5-18" : "nobody";
		this.runner
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name(),
					"namedpipe.client.api.server-owner=" + other)
			.run((context) -> {
				RestClient restClient = context.getBean(NamedPipeHttpClients.class).restClientBuilder("api").build();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get().uri("/hello").retrieve().body(String.class))
					.satisfies((ex) -> assertThat(ownerFailure(ex)).hasMessageContaining(this.endPoint.name())
						.hasMessageContaining(other)
						.hasMessageContaining(TestPlatform.isWindows() ? "S-1-" : "'" + TestPlatform.currentUser() + "'"));
			});
	}

	@Test
	void serverOwnerWithoutTheCheckFailsTheStartNamingTheProperty() {
		this.runner
			.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name(),
					"namedpipe.client.api.verify-server-owner=false", "namedpipe.client.api.server-owner=nobody")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(propertyFailure(context.getStartupFailure()))
					.hasMessageContaining("'namedpipe.client.api.server-owner'")
					.hasMessageContaining("'nobody'");
			});
	}

	@Test
	void malformedPipeFailsTheStartNamingThePropertyAndTheValue() {
		this.runner.withPropertyValues("namedpipe.client.api.pipe=tcp://localhost:2375").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(propertyFailure(context.getStartupFailure())).hasMessageContaining("'tcp://localhost:2375'")
				.hasMessageContaining("'namedpipe.client.api.pipe'")
				.hasMessageContaining("only npipe: and unix: URIs");
		});
	}

	@Test
	void clientWithoutAPipeFailsTheStart() {
		this.runner.withPropertyValues("namedpipe.client.api.connect-timeout=1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(propertyFailure(context.getStartupFailure())).hasMessageContaining("'namedpipe.client.api.pipe'");
		});
	}

	@Test
	void unknownIdSaysWhichAreConfigured() {
		this.runner.withPropertyValues("namedpipe.client.api.pipe=" + this.endPoint.name()).run((context) -> {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> context.getBean(NamedPipeHttpClients.class).restClientBuilder("docker"))
				.withMessageContaining("namedpipe.client.docker.pipe")
				.withMessageContaining("[api]");
		});
	}

	private static InvalidNamedPipePropertyException propertyFailure(Throwable failure) {
		return causeOf(failure, InvalidNamedPipePropertyException.class);
	}

	private static NamedPipeServerOwnerException ownerFailure(Throwable failure) {
		return causeOf(failure, NamedPipeServerOwnerException.class);
	}

	private static String uriOf(NamedPipeEndPoint endPoint) {
		return TestPlatform.isWindows() ? "npipe:////./pipe/" + endPoint.name() : "unix://" + endPoint.address();
	}

	interface Api {

		@PostExchange("/echo")
		String echo(@RequestBody String body);

	}

	/**
	 * Answers {@code POST} with its body, {@code /version} with the HTTP version, anything
	 * else with the method, the path, the {@code Host} header and the peer's user.
	 */
	static final class WhoAmI extends Handler.Abstract {

		@Override
		public boolean handle(Request request, Response response, org.eclipse.jetty.util.Callback callback) {
			response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
			if (request.getMethod().equals("POST")) {
				Content.copy(request, response, callback);
				return true;
			}
			if (request.getHttpURI().getPath().equals("/version")) {
				Content.Sink.write(response, true, request.getConnectionMetaData().getProtocol(), callback);
				return true;
			}
			PeerIdentity peer = (PeerIdentity) request.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE);
			Content.Sink.write(response, true, request.getMethod() + " " + request.getHttpURI().getPath() + " "
					+ request.getHeaders().get(HttpHeader.HOST) + " " + peer.user(), callback);
			return true;
		}

	}

}
