package dev.namedpipe.boot.autoconfigure.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.CompositeGrpcChannelFactory;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.GlobalServerInterceptor;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.grpc.NamedPipeGrpcChannelFactory;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;
import dev.namedpipe.grpc.NamedPipeGrpcPeer;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with Spring gRPC in its servlet mode on Jetty, its HTTP on a pipe
 * with h2c: the standard health service answers a call over the pipe from our channel, and a
 * global server interceptor of the application finds the caller in the call's context; a
 * channel the application names with a {@code namedpipe:} address is made by our factory.
 */
class NamedPipeGrpcAutoConfigurationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	private Path dir;

	private String pipe;

	@BeforeEach
	void pipe() throws Exception {
		this.dir = PipeNames.shortTempDirectory();
		this.pipe = PipeNames.uniqueIn(this.dir);
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		PipeNames.deleteDirectory(this.dir);
	}

	@Test
	void springGrpcServesOverThePipeAndItsServicesSeeTheCaller() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			ManagedChannel channel = pipeChannel(this.pipe);
			try {
				assertServing(channel);
			}
			finally {
				channel.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			Queue<String> calls = context.getBean(GrpcApplication.class).calls;
			assertThat(calls).singleElement()
				.satisfies((call) -> assertThat(call).startsWith("localhost ")
					.containsIgnoringCase(System.getProperty("user.name"))
					.endsWith(" " + ProcessHandle.current().pid()));
		}
	}

	// The application calls itself through a channel named in its properties; Spring gRPC's
	// properties of that channel (its user agent here) apply to it as to its own channels.
	@Test
	void springGrpcChannelsToNamedPipeTargetsComeFromOurFactoryBesideNettys() throws Exception {
		try (ConfigurableApplicationContext context = run("spring.grpc.client.channels.self.address=namedpipe:" + this.pipe,
				"spring.grpc.client.channels.self.user-agent=namedpipe-tests",
				// Wine records no owner for a pipe (docs/windows.md): the check is off there only
				"namedpipe.grpc.client.channels.self.verify-server-owner=" + TestPlatform.wineVersion().isEmpty())) {
			assertThat(context.getBean(GrpcChannelFactory.class)).isInstanceOf(CompositeGrpcChannelFactory.class);
			assertThat(context.getBeansOfType(GrpcChannelFactory.class)).containsKeys("namedPipeGrpcChannelFactory",
					"nettyGrpcChannelFactory");
			NamedPipeGrpcChannelFactory pipes = context.getBean(NamedPipeGrpcChannelFactory.class);
			assertThat(pipes.supports("self")).isTrue();
			assertThat(pipes.supports("localhost:9090")).isFalse();
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("self");
			try {
				assertServing(channel);
			}
			finally {
				channel.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			GrpcApplication application = context.getBean(GrpcApplication.class);
			assertThat(application.calls).singleElement()
				.satisfies((call) -> assertThat(call).startsWith("localhost ")
					.endsWith(" " + ProcessHandle.current().pid()));
			assertThat(application.userAgents).singleElement()
				.satisfies((userAgent) -> assertThat(userAgent).startsWith("namedpipe-tests "));
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(GrpcApplication.class).web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "server.port=0", "server.http2.enabled=true",
					"namedpipe.name=" + this.pipe, "namedpipe.http.enabled=true", "spring.grpc.server.health.enabled=true")
			.properties(properties)
			.run();
	}

	// Wine records no owner for a pipe (docs/windows.md): the server-owner check is off there only.
	static ManagedChannel pipeChannel(String pipe) {
		return NamedPipeGrpcChannels
			.forPipe(NamedPipeEndPoint.of(pipe),
					NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build(),
					WAIT)
			.build();
	}

	// Waiting for ready: a connection attempt may fail on a loaded machine (grpc-okhttp gives its
	// second handshake thread 1 s, docs/grpc.md), and the channel then connects again.
	static void assertServing(ManagedChannel channel) {
		HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
			.withWaitForReady()
			.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
			.check(HealthCheckRequest.getDefaultInstance());
		assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void backsOffWithoutPipesServingHttp() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeGrpcAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean("namedPipeGrpcPeerCustomizer"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = TomcatServletWebServerAutoConfiguration.class)
	static class GrpcApplication {

		/** Each call's authority and caller ("user pid"), as a server interceptor sees them. */
		final Queue<String> calls = new ConcurrentLinkedQueue<>();

		/** Each call's user-agent header. */
		final Queue<String> userAgents = new ConcurrentLinkedQueue<>();

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor callRecorder() {
			return new ServerInterceptor() {

				@Override
				public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
						ServerCallHandler<Q, R> next) {
					GrpcApplication.this.calls.add(call.getAuthority() + " " + NamedPipeGrpcPeer.current()
						.map((peer) -> peer.user() + " " + peer.pid().orElse(-1))
						.orElse("none"));
					GrpcApplication.this.userAgents
						.add(headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER)));
					return next.startCall(call, headers);
				}

			};
		}

	}

}
