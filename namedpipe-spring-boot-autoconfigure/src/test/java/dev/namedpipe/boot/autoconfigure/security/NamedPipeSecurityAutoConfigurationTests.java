package dev.namedpipe.boot.autoconfigure.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.boot.security.PeerAuthoritiesMapper;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeSecurityAutoConfiguration}: Spring MVC and WebFlux applications
 * with their own security filter chain and method security on a real embedded Jetty, called
 * with {@code curl --unix-socket} as the server's user (root) and, through {@code setpriv},
 * as {@code nobody} in the socket's group (a group-accessible pipe), and over TCP.
 */
@UnixOnly("curl --unix-socket as another user through setpriv")
class NamedPipeSecurityAutoConfigurationTests {

	private static final String OTHER_USER = "nobody";

	/** The group of the socket file (the server's), hence of the other user's peer. */
	private static final String GROUP = "root";

	private Path dir;

	private Path socket;

	@BeforeEach
	void pipeOthersCanReach() throws IOException {
		RequiredTool.requireRoot("running curl as another user");
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.CURL.require();
		this.dir = PipeNames.shortTempDirectory();
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.socket = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.dir)).unixSocketPath();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		PipeNames.deleteDirectory(this.dir);
	}

	private ConfigurableApplicationContext run(Class<?> application, WebApplicationType type) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("spring.main.banner-mode=off", "server.port=0", "namedpipe.name=" + this.socket,
					"namedpipe.http.enabled=true", "namedpipe.current-user-only=false",
					"namedpipe.unix-socket-permissions=rw-rw----")
			.run();
	}

	@Test
	void authenticatesPipePeersInAnMvcApplicationsChainAndLeavesTcpAlone() throws Exception {
		try (ConfigurableApplicationContext context = run(MvcApplication.class, WebApplicationType.SERVLET)) {
			assertAuthorizedByPeer(context);
		}
	}

	@Test
	void authenticatesPipePeersInAWebFluxApplicationsChainAndLeavesTcpAlone() throws Exception {
		try (ConfigurableApplicationContext context = run(WebFluxApplication.class, WebApplicationType.REACTIVE)) {
			assertAuthorizedByPeer(context);
		}
	}

	private void assertAuthorizedByPeer(ConfigurableApplicationContext context) throws Exception {
		assertThat(asOwner("/owner")).isEqualTo("200 root");
		assertThat(asOwner("/method")).isEqualTo("200 method");
		assertThat(asOwner("/group")).isEqualTo("200 root");
		assertThat(asOtherUser("/owner")).startsWith("403 ");
		assertThat(asOtherUser("/method")).startsWith("403 ");
		assertThat(asOtherUser("/group")).isEqualTo("200 " + OTHER_USER);
		String port = context.getEnvironment().getProperty("local.server.port");
		assertThat(curl("curl", "http://localhost:" + port + "/group")).startsWith("401 ");
	}

	@Test
	void usesTheApplicationsAuthoritiesMapper() throws Exception {
		try (ConfigurableApplicationContext context = run(OtherUserIsOwnerApplication.class,
				WebApplicationType.SERVLET)) {
			assertThat(asOwner("/owner")).startsWith("403 ");
			assertThat(asOtherUser("/owner")).isEqualTo("200 " + OTHER_USER);
		}
	}

	private String asOwner(String path) throws Exception {
		return curl("curl", "--unix-socket", this.socket.toString(), "http://localhost" + path);
	}

	private String asOtherUser(String path) throws Exception {
		return curl("setpriv", "--reuid=" + OTHER_USER, "--regid=" + GROUP, "--clear-groups", "curl",
				"--unix-socket", this.socket.toString(), "http://localhost" + path);
	}

	// The status, a space and the body
	private String curl(String... command) throws Exception {
		List<String> withOutput = new ArrayList<>(List.of(command));
		withOutput.addAll(List.of("--silent", "--max-time", "20", "--write-out", "\n%{http_code}"));
		ExternalProgram curl = ExternalProgram.run(this.dir, withOutput.toArray(String[]::new));
		assertThat(curl.exitCode()).as("%s", curl).isZero();
		String out = curl.stdout();
		int end = out.lastIndexOf('\n');
		return out.substring(end + 1).strip() + " " + out.substring(0, end);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = { TomcatServletWebServerAutoConfiguration.class,
			TomcatServletManagementContextAutoConfiguration.class })
	@EnableWebSecurity
	@EnableMethodSecurity
	@Import({ PeerController.class, MvcMethodController.class })
	static class MvcApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/owner")
					.hasRole("PIPE_OWNER")
					.requestMatchers("/group")
					.hasAuthority("PIPE_GROUP_" + GROUP)
					.anyRequest()
					.authenticated())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
				.build();
		}

	}

	@SpringBootConfiguration
	@Import(MvcApplication.class)
	static class OtherUserIsOwnerApplication {

		@Bean
		PeerAuthoritiesMapper otherUserIsOwner() {
			return (peer) -> OTHER_USER.equals(peer.user()) ? List.of(new SimpleGrantedAuthority("ROLE_PIPE_OWNER"))
					: List.of();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = TomcatReactiveWebServerAutoConfiguration.class)
	@EnableWebFluxSecurity
	@EnableReactiveMethodSecurity
	@Import({ PeerController.class, WebFluxMethodController.class })
	static class WebFluxApplication {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.pathMatchers("/owner")
					.hasRole("PIPE_OWNER")
					.pathMatchers("/group")
					.hasAuthority("PIPE_GROUP_" + GROUP)
					.anyExchange()
					.authenticated())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)))
				.build();
		}

	}

	@RestController
	static class PeerController {

		@GetMapping({ "/owner", "/group" })
		String user(@AuthenticationPrincipal PeerIdentity peer) {
			return peer.user();
		}

	}

	@RestController
	static class MvcMethodController {

		@GetMapping("/method")
		@PreAuthorize("hasRole('PIPE_OWNER')")
		String method() {
			return "method";
		}

	}

	// reactive method security needs a Publisher
	@RestController
	static class WebFluxMethodController {

		@GetMapping("/method")
		@PreAuthorize("hasRole('PIPE_OWNER')")
		Mono<String> method() {
			return Mono.just("method");
		}

	}

}
