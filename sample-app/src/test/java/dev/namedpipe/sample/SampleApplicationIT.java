package dev.namedpipe.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: the packaged sample application runs as its own process; {@code socat} and
 * {@code python3} talk to its line-protocol pipe, its accept counter is read from actuator
 * over TCP, and {@code curl --unix-socket} calls its controller and actuator over its HTTP
 * pipe.
 */
class SampleApplicationIT {

	@TempDir
	Path dir;

	private final HttpClient http = HttpClient.newHttpClient();

	private Process application;

	@AfterEach
	void stopApplication() throws InterruptedException {
		if (this.application != null && this.application.isAlive()) {
			this.application.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void servesThePipeAndReportsItsMetrics() throws Exception {
		Path socket = this.dir.resolve("sample.sock");
		Path httpSocket = this.dir.resolve("sample-http.sock");
		int port = freePort();
		Path log = this.dir.resolve("application.log");
		this.application = new ProcessBuilder(javaExecutable(), "-jar", sampleJar(), "--namedpipe.name=" + socket,
				"--namedpipe.endpoints.http.name=" + httpSocket, "--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(120)).ignoreException(ConnectException.class).untilAsserted(() -> {
			assertThat(this.application.isAlive()).as("application running, log:%n%s", Files.readString(log)).isTrue();
			assertThat(get(port, "/actuator/health/namedpipe")).contains("\"status\":\"UP\"");
		});

		String socatAnswers = run(List.of("socat", "-t", "5", "-", "UNIX-CONNECT:" + socket),
				"echo hello from socat\nquit\n");
		assertThat(socatAnswers).isEqualTo("hello from socat\nbye\n");

		String python = """
				import socket, sys
				client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				client.connect(sys.argv[1])
				client.sendall(b"whoami\\ntime\\nquit\\n")
				data = b""
				while True:
				    chunk = client.recv(4096)
				    if not chunk:
				        break
				    data += chunk
				client.close()
				sys.stdout.write(data.decode())
				""";
		String[] pythonAnswers = run(List.of("python3", "-c", python, socket.toString()), "").split("\n");
		assertThat(pythonAnswers).hasSize(3);
		assertThat(pythonAnswers[0]).startsWith(System.getProperty("user.name") + " ");
		assertThat(pythonAnswers[1]).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		assertThat(pythonAnswers[2]).isEqualTo("bye");

		String accepted = get(port, "/actuator/metrics/namedpipe.connections.accepted");
		List<Double> count = JsonPath.read(accepted, "$.measurements[?(@.statistic == 'COUNT')].value");
		assertThat(count).containsExactly(2.0);
		List<List<String>> pipeTags = JsonPath.read(accepted, "$.availableTags[?(@.tag == 'pipe')].values");
		assertThat(pipeTags).singleElement().asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactlyInAnyOrder(socket.toString(), httpSocket.toString());
		assertThat(get(port, "/actuator/prometheus")).contains(
				"namedpipe_connections_accepted_total{network_transport=\"unix\",pipe=\"" + socket + "\"} 2.0");

		assertThat(curl(httpSocket, "http://localhost/hello")).isEqualTo("hello " + System.getProperty("user.name") + "\n");
		assertThat(curl(httpSocket, "http://localhost/actuator/health/namedpipe")).contains("\"status\":\"UP\"")
			.contains("\"http\":{\"address\":\"" + httpSocket + "\",\"listening\":true");
		String httpAccepted = curl(httpSocket,
				"http://localhost/actuator/metrics/namedpipe.connections.accepted?tag=pipe:" + httpSocket);
		// the /hello, health and this metrics request
		assertThat(JsonPath.<List<Double>>read(httpAccepted, "$.measurements[?(@.statistic == 'COUNT')].value"))
			.containsExactly(3.0);

		this.application.destroy();
		assertThat(this.application.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(socket).doesNotExist();
		assertThat(httpSocket).doesNotExist();
		assertThat(Files.readString(log)).contains("Named pipe endpoint 'default' listening on " + socket)
			.doesNotContain("ERROR");
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	private static String curl(Path socket, String url) throws IOException, InterruptedException {
		return run(List.of("curl", "-sS", "--fail", "--unix-socket", socket.toString(), url), "");
	}

	private static String run(List<String> command, String input) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
		assertThat(process.exitValue()).as("exit status of %s", command).isZero();
		return output;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String sampleJar() {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("system property sample.jar (set by the failsafe plugin)").isNotNull();
		assertThat(Path.of(jar)).exists();
		return jar;
	}

}
