package dev.namedpipe.boot.autoconfigure.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Security over gRPC calls that come over a pipe: the rules of the application's filter
 * chain apply by path, with the caller as the principal (its authorities from the
 * {@code PeerAuthoritiesMapper}), for this process and for another user's process. Spring gRPC's servlet security needs Boot's
 * {@code spring-boot-security}, which would switch on Boot's default security in this module's
 * other tests, so this class runs in a surefire execution of its own that adds it.
 */
class NamedPipeGrpcSecurityTests {

	private static final Duration WAIT = NamedPipeGrpcAutoConfigurationTests.WAIT;

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

	// The rules of the application's filter chain apply to gRPC calls by path: the pipe's owner
	// may check health but not watch it; over TCP the same call is not authenticated.
	@Test
	void springSecurityRulesApplyToGrpcCallsOverThePipeAsTheirPeer() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecuredGrpcApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "server.port=0", "server.http2.enabled=true",
					"namedpipe.name=" + this.pipe, "namedpipe.http.enabled=true", "spring.grpc.server.health.enabled=true")
			.run()) {
			ManagedChannel pipe = NamedPipeGrpcAutoConfigurationTests.pipeChannel(this.pipe);
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			ManagedChannel tcp = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
			try {
				NamedPipeGrpcAutoConfigurationTests.assertServing(pipe);
				Iterator<HealthCheckResponse> watch = HealthGrpc.newBlockingStub(pipe)
					.withWaitForReady()
					.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
					.watch(HealthCheckRequest.getDefaultInstance());
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(watch::hasNext)
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> NamedPipeGrpcAutoConfigurationTests.assertServing(tcp))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			}
			finally {
				pipe.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
				tcp.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
		}
	}

	// Another user, in the socket's group, calls through gRPC's C core (Python): every pipe peer
	// may check health (ROLE_PIPE_PEER), only the owner may watch it.
	@Test
	@UnixOnly("another Unix user through setpriv")
	void anotherUsersGrpcCallsOverThePipeAreAuthorizedAsThatUser() throws Exception {
		RequiredTool.requireRoot("running a gRPC client as another user");
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.PYTHON3_GRPC.require();
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path socket = NamedPipeEndPoint.of(this.pipe).unixSocketPath();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerRulesGrpcApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "server.port=0", "server.http2.enabled=true",
					"namedpipe.name=" + this.pipe, "namedpipe.http.enabled=true", "namedpipe.current-user-only=false",
					"namedpipe.unix-socket-permissions=rw-rw----", "spring.grpc.server.health.enabled=true")
			.run()) {
			Path client = ExternalProgram.copyResource(getClass(), "health_client.py", this.dir);
			Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
			ExternalProgram asOtherUser = ExternalProgram.run(this.dir, "setpriv", "--reuid=nobody", "--regid=root",
					"--clear-groups", "/usr/bin/python3", client.toString(), socket.toString());
			assertThat(asOtherUser.exitCode()).as("%s", asOtherUser).isZero();
			// 0801: HealthCheckResponse with status SERVING (field 1, value 1)
			assertThat(asOtherUser.stdout().lines()).containsExactly("Check 0801", "Watch PERMISSION_DENIED");
			ExternalProgram asOwner = ExternalProgram.run(this.dir, "/usr/bin/python3", client.toString(),
					socket.toString());
			assertThat(asOwner.stdout().lines()).as("%s", asOwner).containsExactly("Check 0801", "Watch 0801");
		}
	}

	/** The owner may check health and not watch it. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = TomcatServletWebServerAutoConfiguration.class)
	@EnableWebSecurity
	static class SecuredGrpcApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return healthRules(http, "PIPE_OWNER", "NOBODY");
		}

	}

	/** Every pipe peer may check health, the owner alone watch it. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = TomcatServletWebServerAutoConfiguration.class)
	@EnableWebSecurity
	static class PeerRulesGrpcApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return healthRules(http, "PIPE_PEER", "PIPE_OWNER");
		}

	}

	// A rule per method of the health service, the role that may call it; nothing else allowed.
	static SecurityFilterChain healthRules(HttpSecurity http, String checkRole, String watchRole) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/grpc.health.v1.Health/Check")
				.hasRole(checkRole)
				.requestMatchers("/grpc.health.v1.Health/Watch")
				.hasRole(watchRole)
				.anyRequest()
				.denyAll())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.build();
	}

}
