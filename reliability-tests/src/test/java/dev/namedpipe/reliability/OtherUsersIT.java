package dev.namedpipe.reliability;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second Unix user against a current-user-only Spring Boot application with an HTTP pipe
 * (Jetty) and a raw pipe: refused every time, and
 * {@code namedpipe.connections.rejected{reason=foreign_user}}, read over the pipe through
 * actuator by the owner, counts exactly the refusals the server saw. Without
 * {@code CAP_DAC_OVERRIDE} the socket's file mode refuses the other user in {@code connect(2)}:
 * the server never sees those, and the metric stays 0.
 */
@UnixOnly("another Unix user through setpriv")
class OtherUsersIT {

	private static final String OTHER_USER = "nprel-other";

	private static final int ATTEMPTS = 20;

	private Path directory;

	private Path httpSocket;

	private Path rawSocket;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void startApplication() throws Exception {
		ThrowawayUsers.require();
		RequiredTool.CURL.require();
		this.directory = ThrowawayUsers.directoryOthersCanEnter("nou");
		ThrowawayUsers.group(this.directory, OTHER_USER);
		ThrowawayUsers.user(this.directory, OTHER_USER, OTHER_USER);
		this.httpSocket = this.directory.resolve("http.sock");
		this.rawSocket = this.directory.resolve("raw.sock");
		this.context = new SpringApplicationBuilder(PipeApplication.class).web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "namedpipe.name=" + this.httpSocket,
					"namedpipe.http.enabled=true", "namedpipe.http.pipe-only=true",
					"namedpipe.endpoints.raw.name=" + this.rawSocket, "namedpipe.endpoints.raw.http.enabled=false",
					"management.endpoints.web.exposure.include=metrics")
			.run();
	}

	@AfterEach
	void stopApplication() throws Exception {
		if (this.context != null) {
			this.context.close();
			assertThat(this.httpSocket).doesNotExist();
			assertThat(this.rawSocket).doesNotExist();
		}
		if (this.directory != null) {
			PipeNames.deleteDirectory(this.directory);
		}
	}

	@Test
	void httpClientOfAnotherUserIsRefusedByTheFileModeBeforeTheServerSeesIt() throws Exception {
		Map<Integer, Integer> curlExits = curlAsOtherUser(false);
		// 7: could not connect (EACCES on the socket file)
		assertThat(curlExits).isEqualTo(Map.of(7, ATTEMPTS));
		assertThat(foreignUserRejections(this.httpSocket)).isZero();
		Figures.report("other user, file mode, HTTP", "%d attempts, curl exit codes %s, rejected metric %d",
				ATTEMPTS, curlExits, foreignUserRejections(this.httpSocket));
	}

	@Test
	void httpClientOfAnotherUserBypassingTheFileModeIsRefusedAndCounted() throws Exception {
		Map<Integer, Integer> curlExits = curlAsOtherUser(true);
		// The server closes the connection unanswered; curl reports it by when it notices: 7 (reset
		// before curl checked its connect), 55 (send failed), 56 (reset while receiving) or 52
		// (empty reply). The counter below shows that every attempt reached the server.
		assertThat(curlExits.keySet()).isSubsetOf(7, 52, 55, 56);
		// the server counts a refusal as it closes the connection, which the client may see first
		await().atMost(Pipes.WAIT).until(() -> foreignUserRejections(this.httpSocket), (count) -> count >= ATTEMPTS);
		assertThat(foreignUserRejections(this.httpSocket)).isEqualTo(ATTEMPTS);
		assertThat(foreignUserRejections(this.rawSocket)).isZero();
		Figures.report("other user, peer credentials, HTTP", "%d attempts, curl exit codes %s, rejected metric %d",
				ATTEMPTS, curlExits, foreignUserRejections(this.httpSocket));
	}

	@Test
	void rawClientOfAnotherUserIsRefusedAndCountedAndTheOwnerIsServed() throws Exception {
		Map<String, Integer> outcomes = new TreeMap<>();
		for (int i = 0; i < ATTEMPTS; i++) {
			outcomes.merge(rawExchange(true), 1, Integer::sum);
			outcomes.merge(rawExchange(false), 1, Integer::sum);
		}
		assertThat(outcomes).isEqualTo(Map.of("reply:", ATTEMPTS, "connect-error 13", ATTEMPTS));
		await().atMost(Pipes.WAIT).until(() -> foreignUserRejections(this.rawSocket), (count) -> count >= ATTEMPTS);
		assertThat(foreignUserRejections(this.rawSocket)).isEqualTo(ATTEMPTS);
		assertThat(foreignUserRejections(this.httpSocket)).isZero();
		ExternalProgram owner = ExternalProgram.run(this.directory,
				ThrowawayUsers.pythonExchange(this.rawSocket));
		assertThat(owner.stdout()).as("%s", owner).isEqualTo("reply:ping\n");
		Figures.report("other user, raw", "%d attempts each: %s; rejected metric %d", ATTEMPTS, outcomes,
				foreignUserRejections(this.rawSocket));
	}

	/**
	 * {@link #ATTEMPTS} requests of the other user with curl, none of which may get an HTTP
	 * status.
	 * @return how often curl exited with each code
	 */
	private Map<Integer, Integer> curlAsOtherUser(boolean bypassFileMode) throws Exception {
		Map<Integer, Integer> curlExits = new TreeMap<>();
		for (int i = 0; i < ATTEMPTS; i++) {
			ExternalProgram curl = ExternalProgram.run(this.directory, ThrowawayUsers.as(OTHER_USER, OTHER_USER,
					bypassFileMode, curl(this.httpSocket, "/actuator/metrics")));
			assertThat(curl.stdout()).as("%s", curl).isEqualTo("000");
			curlExits.merge(curl.exitCode(), 1, Integer::sum);
		}
		return curlExits;
	}

	private String rawExchange(boolean bypassFileMode) throws Exception {
		ExternalProgram client = ExternalProgram.run(this.directory, ThrowawayUsers.as(OTHER_USER, OTHER_USER,
				bypassFileMode, ThrowawayUsers.pythonExchange(this.rawSocket)));
		return client.stdout().strip();
	}

	/** The counter, read over the HTTP pipe by its owner with curl. */
	private long foreignUserRejections(Path socket) throws Exception {
		ExternalProgram curl = ExternalProgram.run(this.directory, "curl", "-sS", "--max-time", "30", "--unix-socket",
				this.httpSocket.toString(),
				"http://localhost/actuator/metrics/namedpipe.connections.rejected?tag=reason:foreign_user&tag=pipe:"
						+ socket);
		assertThat(curl.exitCode()).as("%s", curl).isZero();
		Matcher value = Pattern.compile("\"value\":([0-9.]+)").matcher(curl.stdout());
		assertThat(value.find()).as("%s", curl).isTrue();
		return (long) Double.parseDouble(value.group(1));
	}

	/** curl printing only the response's HTTP status ({@code 000} when there was none). */
	private static String[] curl(Path socket, String path) {
		return new String[] { "curl", "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
				"--unix-socket", socket.toString(), "http://localhost" + path };
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PipeApplication {

		@Bean
		NamedPipeConnectionHandler echo() {
			return (connection) -> connection.inputStream().transferTo(connection.outputStream());
		}

	}

}
