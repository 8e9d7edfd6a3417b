package dev.namedpipe.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.grpc.ManagedChannel;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;
import dev.namedpipe.sample.grpc.GreeterGrpc;
import dev.namedpipe.sample.grpc.HelloReply;
import dev.namedpipe.sample.grpc.HelloRequest;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.NodeHttpGet;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.PipeProbe;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, on both platforms: the packaged sample application runs as its own process;
 * clients talk to its line-protocol pipe ({@code socat} and {@code python3} on Unix; on
 * Windows, where neither opens a Win32 pipe, this project's {@link NamedPipeClient}), its
 * accept counter is read from actuator over TCP, and Node.js's {@code http} client calls its
 * controller and actuator over its HTTP pipe, where its gRPC service answers this project's
 * channel and (on Unix) Python's gRPC, as it answers grpc-java over TCP.
 */
class SampleApplicationIT {

	private static final String PYTHON_CLIENT = """
			import socket, sys
			client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			client.connect(sys.argv[1])
			client.sendall(sys.stdin.buffer.read())
			data = b""
			while True:
			    chunk = client.recv(4096)
			    if not chunk:
			        break
			    data += chunk
			client.close()
			sys.stdout.write(data.decode())
			""";

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

	// spring.aot.enabled: the context from the code that process-aot generated in the build
	@ParameterizedTest(name = "spring.aot.enabled={0}")
	@ValueSource(booleans = { false, true })
	void servesThePipeAndReportsItsMetrics(boolean aot) throws Exception {
		if (!TestPlatform.isWindows()) {
			RequiredTool.SOCAT.require();
			RequiredTool.PYTHON3.require();
		}
		RequiredTool.NODE.require();
		String pipe = PipeNames.uniqueIn(this.dir);
		String httpPipe = PipeNames.uniqueIn(this.dir);
		String address = NamedPipeEndPoint.of(pipe).address();
		String httpAddress = NamedPipeEndPoint.of(httpPipe).address();
		int port = freePort();
		Path log = this.dir.resolve("application.log");
		this.application = new ProcessBuilder(javaExecutable(), "-Dspring.aot.enabled=" + aot, "-jar", sampleJar(),
				"--namedpipe.name=" + pipe,
				"--namedpipe.endpoints.http.name=" + httpPipe, "--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(120)).ignoreException(ConnectException.class).untilAsserted(() -> {
			assertThat(this.application.isAlive()).as("application running, log:%n%s", Files.readString(log)).isTrue();
			assertThat(get(port, "/actuator/health/namedpipe")).contains("\"status\":\"UP\"");
		});

		String echo = "echo hello over the pipe\nquit\n";
		assertThat(TestPlatform.isWindows() ? overNamedPipeClient(pipe, echo)
				: run(List.of("socat", "-t", "5", "-", "UNIX-CONNECT:" + address), echo))
			.isEqualTo("hello over the pipe\nbye\n");

		String whoamiAndTime = "whoami\ntime\nquit\n";
		String[] answers = (TestPlatform.isWindows() ? overNamedPipeClient(pipe, whoamiAndTime)
				: run(List.of("python3", "-c", PYTHON_CLIENT, address), whoamiAndTime)).split("\n");
		assertThat(answers).hasSize(3);
		assertThat(answers[0]).startsWith(TestPlatform.currentUser() + " ");
		assertThat(answers[1]).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		assertThat(answers[2]).isEqualTo("bye");

		String networkTransport = TestPlatform.isWindows() ? "pipe" : "unix";
		String accepted = get(port, "/actuator/metrics/namedpipe.connections.accepted");
		List<Double> count = JsonPath.read(accepted, "$.measurements[?(@.statistic == 'COUNT')].value");
		assertThat(count).containsExactly(2.0);
		List<List<String>> pipeTags = JsonPath.read(accepted, "$.availableTags[?(@.tag == 'pipe')].values");
		assertThat(pipeTags).singleElement().asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactlyInAnyOrder(pipe, httpPipe);
		// Prometheus escapes a backslash in a label value (a Windows pipe path) as two.
		assertThat(get(port, "/actuator/prometheus")).contains("namedpipe_connections_accepted_total{network_transport=\""
				+ networkTransport + "\",pipe=\"" + pipe + "\",server_address=\"" + address.replace("\\", "\\\\")
				+ "\"} 2.0");

		try (NodeHttpGet hello = NodeHttpGet.start(this.dir, httpAddress, "1.1", "/hello")) {
			// with the client's process id: Windows reports it, and so does Linux's kernel, read
			// through the Add-Exports of the sample's manifest
			assertThat(hello.response().body())
				.isEqualTo("hello " + TestPlatform.currentUser() + " (pid " + hello.pid() + ")\n");
		}
		String health = overHttpPipe(httpAddress, "/actuator/health/namedpipe");
		assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<Map<String, Object>>read(health, "$.details.endpoints.http"))
			.containsEntry("address", httpAddress)
			.containsEntry("listening", true);
		String httpAccepted = overHttpPipe(httpAddress,
				"/actuator/metrics/namedpipe.connections.accepted?tag=pipe:" + httpPipe);
		// the /hello, health and this metrics request
		assertThat(JsonPath.<List<Double>>read(httpAccepted, "$.measurements[?(@.statistic == 'COUNT')].value"))
			.containsExactly(3.0);

		assertGreeterAnswersOverThePipeAndTcp(httpPipe, port);

		stop();
		PipeProbe.assertNotBound(address);
		PipeProbe.assertNotBound(httpAddress);
		assertThat(Files.readString(log)).contains("Named pipe endpoint 'default' listening on " + address)
			.doesNotContain("ERROR");
	}

	// The gRPC service over the HTTP pipe, to this project's channel and (on Unix) to gRPC's C
	// core in Python, with each caller's pid; on TCP, to grpc-java's own OkHttp channel.
	private void assertGreeterAnswersOverThePipeAndTcp(String httpPipe, int port) throws Exception {
		ManagedChannel pipeChannel = NamedPipeGrpcChannels
			.forPipe(NamedPipeEndPoint.of(httpPipe),
					// Wine records no owner for a pipe (docs/windows.md)
					NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build(),
					Duration.ofSeconds(30))
			.build();
		ManagedChannel tcpChannel = OkHttpChannelBuilder.forAddress("localhost", port).usePlaintext().build();
		try {
			HelloReply overThePipe = sayHello(pipeChannel, "pipe");
			assertThat(overThePipe.getMessage()).isEqualTo("Hello, pipe!");
			assertThat(overThePipe.getCaller())
				.isEqualTo(TestPlatform.currentUser() + " pid " + ProcessHandle.current().pid());
			assertThat(listServices(pipeChannel)).contains("namedpipe.sample.Greeter", "grpc.health.v1.Health");
			HelloReply overTcp = sayHello(tcpChannel, "tcp");
			assertThat(overTcp.getMessage()).isEqualTo("Hello, tcp!");
			assertThat(overTcp.getCaller()).isEqualTo("tcp");
		}
		finally {
			pipeChannel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
			tcpChannel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
		}
		if (!TestPlatform.isWindows()) {
			RequiredTool.PYTHON3_GRPC.require();
			Path stubs = Files.createDirectories(this.dir.resolve("python-stubs"));
			ExternalProgram protoc = ExternalProgram.run(this.dir, "/usr/bin/python3", "-m", "grpc_tools.protoc",
					"-I" + Path.of("src/main/protobuf").toAbsolutePath(), "--python_out=" + stubs,
					"--grpc_python_out=" + stubs, "greeter.proto");
			assertThat(protoc.exitCode()).as("%s", protoc).isZero();
			Path client = ExternalProgram.copyResource(getClass(), "greeter_client.py", this.dir);
			ExternalProgram python = ExternalProgram.run(this.dir, "/usr/bin/python3", client.toString(),
					stubs.toString(), NamedPipeEndPoint.of(httpPipe).address(), "python");
			assertThat(python.exitCode()).as("%s", python).isZero();
			assertThat(python.stdout().lines())
				.containsExactly("Hello, python!", TestPlatform.currentUser() + " pid " + python.pid());
		}
	}

	// What grpcurl asks first: the services, from Spring gRPC's reflection service (a
	// bidirectional call).
	private static List<String> listServices(ManagedChannel channel) throws Exception {
		CompletableFuture<List<String>> services = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.withWaitForReady()
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.serverReflectionInfo(new StreamObserver<>() {

				@Override
				public void onNext(ServerReflectionResponse response) {
					services.complete(response.getListServicesResponse()
						.getServiceList()
						.stream()
						.map(ServiceResponse::getName)
						.toList());
				}

				@Override
				public void onError(Throwable error) {
					services.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
				}

			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return services.get(30, TimeUnit.SECONDS);
	}

	private static HelloReply sayHello(ManagedChannel channel, String name) {
		// waiting for ready: grpc-okhttp may fail a connection attempt on a loaded machine (docs/grpc.md)
		return GreeterGrpc.newBlockingStub(channel)
			.withWaitForReady()
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.sayHello(HelloRequest.newBuilder().setName(name).build());
	}

	// systemd-socket-activate binds the socket and starts the application on the first
	// connection, passing the socket at fd 3 (LISTEN_FDS=1): the application answers on it,
	// counts the connection, and leaves the socket file to the launcher when it stops.
	@Test
	@UnixOnly("systemd socket activation passes a Unix socket")
	void startsOnTheFirstConnectionUnderSystemdSocketActivation() throws Exception {
		RequiredTool.SYSTEMD_SOCKET_ACTIVATE.require();
		Path socket = this.dir.resolve("activated.sock");
		int port = freePort();
		Path log = this.dir.resolve("application.log");
		this.application = new ProcessBuilder("systemd-socket-activate", "-l", socket.toString(), javaExecutable(),
				"-jar", sampleJar(), "--namedpipe.name=" + socket,
				"--namedpipe.endpoints.http.name=" + PipeNames.uniqueIn(this.dir), "--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(socket));
		assertThat(Files.readString(log)).as("nothing started before a client came").doesNotContain("Spring Boot");
		Object fileKey = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(socket));
			client.write(StandardCharsets.UTF_8.encode("echo activated\nquit\n"));
			CompletableFuture<String> answer = Background
				.call(() -> new String(Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8));
			assertThat(answer.get(120, TimeUnit.SECONDS)).as("log:%n%s", Files.readString(log))
				.isEqualTo("activated\nbye\n");
		}
		String accepted = get(port, "/actuator/metrics/namedpipe.connections.accepted");
		assertThat(JsonPath.<List<Double>>read(accepted, "$.measurements[?(@.statistic == 'COUNT')].value"))
			.containsExactly(1.0);
		stop();
		assertThat(Files.readAttributes(socket, BasicFileAttributes.class).fileKey()).isEqualTo(fileKey);
		assertThat(Files.readString(log)).contains("listens on the socket passed by the launcher at " + socket)
			.contains("Named pipe endpoint 'default' listening on " + socket)
			.doesNotContain("ERROR");
	}

	// Unix: SIGTERM, and the application shuts down gracefully, removing its socket files;
	// Windows: the process is terminated, and its pipes go with its handles.
	private void stop() throws InterruptedException {
		this.application.destroy();
		assertThat(this.application.waitFor(60, TimeUnit.SECONDS)).isTrue();
	}

	private static String overNamedPipeClient(String pipe, String input) throws IOException {
		try (NamedPipeConnection client = NamedPipeClient.connect(pipe, Duration.ofSeconds(10))) {
			client.outputStream().write(input.getBytes(StandardCharsets.UTF_8));
			client.outputStream().flush();
			return new String(client.inputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private String overHttpPipe(String address, String path) throws IOException, InterruptedException {
		NodeHttpGet.Response response = NodeHttpGet.get(this.dir, address, path);
		assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
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
		return Path.of(jar).toAbsolutePath().toString();
	}

}
