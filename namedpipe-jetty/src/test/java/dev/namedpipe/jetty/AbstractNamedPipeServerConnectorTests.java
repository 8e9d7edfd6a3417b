package dev.namedpipe.jetty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.RejectionReason;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.CSharpCompiler;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * HTTP over a named pipe through {@link NamedPipeServerConnector} on a plain embedded Jetty,
 * driven by curl, Python's {@code http.client}, Node's {@code http2} and .NET's
 * {@code NamedPipeClientStream} (a C# program under Mono); run once per connection path. After
 * every test the server is stopped and checked for a left socket file, threads, descriptors and
 * connections the transport still counts open.
 */
@UnixOnly("curl, python3, node and mono over the socket file, descriptors in /proc; Windows runs NodeHttpClientTests")
abstract class AbstractNamedPipeServerConnectorTests {

	static final String USER = System.getProperty("user.name");

	static final Duration WAIT = Duration.ofSeconds(30);

	static final int MIB = 1024 * 1024;

	@TempDir
	Path directory;

	final TestHandler handler = new TestHandler();

	final RecordingObserver observer = new RecordingObserver();

	Server server;

	NamedPipeServerConnector connector;

	Path socket;

	ServerThreads serverThreads;

	private List<String> descriptorsBefore;

	/**
	 * Whether the connector serves Unix connections over their streams (the generic path of
	 * non-Unix backends) instead of Jetty's selector.
	 * @return {@code true} for the stream path
	 */
	abstract boolean streamEndPointsForced();

	private String peerAnswer(String version) {
		String endPoint = streamEndPointsForced() ? "NamedPipeStreamEndPoint" : "NamedPipeChannelEndPoint";
		return USER + " " + version + " " + endPoint;
	}

	// The JVM opens some descriptors once, on first use (a socket; on JDK 21+ the virtual-thread
	// pollers): serve a request on each path before taking the baseline of the leak check.
	@BeforeAll
	static void warmUp(@TempDir Path directory) throws Exception {
		RequiredTool.CURL.require();
		for (boolean streamPath : new boolean[] { false, true }) {
			AbstractNamedPipeServerConnectorTests warmUp = new AbstractNamedPipeServerConnectorTests() {

				@Override
				boolean streamEndPointsForced() {
					return streamPath;
				}

			};
			warmUp.directory = directory;
			warmUp.startServer(NamedPipeTransportOptions.defaults());
			ExternalProgram.run(directory, Curl.overSocket(warmUp.socket, "http://localhost/peer"));
			warmUp.server.stop();
		}
	}

	@BeforeEach
	void startServer() throws Exception {
		this.serverThreads = new ServerThreads();
		this.descriptorsBefore = nonFileDescriptors();
		startServer(NamedPipeTransportOptions.defaults());
	}

	void startServer(NamedPipeTransportOptions options) throws Exception {
		this.socket = this.directory.resolve("http.sock");
		this.server = new Server();
		this.server.setStopTimeout(WAIT.toMillis());
		HttpConfiguration configuration = new HttpConfiguration();
		this.connector = new NamedPipeServerConnector(this.server, NamedPipeEndPoint.of(this.socket.toString()),
				options, this.observer, new HttpConnectionFactory(configuration),
				new HTTP2CServerConnectionFactory(configuration));
		this.connector.setStreamEndPointsForced(streamEndPointsForced());
		this.server.addConnector(this.connector);
		this.server.setHandler(new GracefulHandler(this.handler));
		this.server.start();
	}

	@AfterEach
	void stopServerAndCheckForLeaks() throws Exception {
		this.server.stop();
		assertThat(this.socket).doesNotExist();
		assertThat(this.connector.getListener().activeConnections()).isZero();
		assertThat(this.observer.closed()).hasSize(this.observer.accepted());
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(this.serverThreads.started()).isEmpty());
		await().atMost(WAIT)
			.pollInSameThread()
			.untilAsserted(() -> assertThat(nonFileDescriptors()).hasSizeLessThanOrEqualTo(this.descriptorsBefore.size()));
	}

	@Test
	void curlGetsAnHttp11ResponseCarryingThePeerIdentity() throws Exception {
		ExternalProgram curl = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "--http1.1", "http://localhost/peer"));

		assertThat(curl.exitCode()).as("%s", curl).isZero();
		assertThat(curl.stdout()).isEqualTo(peerAnswer("HTTP/1.1"));
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.NONE);
			assertThat(this.connector.getListener().activeConnections()).isZero();
			assertThat(this.connector.getConnectedEndPoints()).isEmpty();
		});
		assertThat(this.observer.closedBytesRead()).isPositive();
		assertThat(this.observer.closedBytesWritten()).isPositive();
	}

	@Test
	void http10RequestEndsTheConnectionAfterTheResponse() throws Exception {
		ExternalProgram curl = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "--http1.0", "http://localhost/peer"));

		assertThat(curl.exitCode()).as("%s", curl).isZero();
		assertThat(curl.stdout()).isEqualTo(peerAnswer("HTTP/1.0"));
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.observer.closed()).containsExactly(ConnectionErrorType.NONE);
			assertThat(this.connector.getConnectedEndPoints()).isEmpty();
		});
	}

	@Test
	void curlSpeaksHttp2WithPriorKnowledge() throws Exception {
		ExternalProgram curl = ExternalProgram.run(this.directory, Curl.overSocket(this.socket,
				"--http2-prior-knowledge", "--write-out", " %{http_version}", "http://localhost/peer"));

		assertThat(curl.exitCode()).as("%s", curl).isZero();
		assertThat(curl.stdout()).isEqualTo(peerAnswer("HTTP/2.0") + " 2");
	}

	@Test
	void curlReusesOneConnectionForTwoRequests() throws Exception {
		ExternalProgram curl = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "http://localhost/peer", "http://localhost/peer"));

		assertThat(curl.exitCode()).as("%s", curl).isZero();
		assertThat(curl.stdout()).isEqualTo(peerAnswer("HTTP/1.1") + peerAnswer("HTTP/1.1"));
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void pythonClientKeepsTheConnectionAliveAndUploadsChunked() throws Exception {
		RequiredTool.PYTHON3.require();
		Path script = this.directory.resolve("client.py");
		Files.writeString(script, """
				import http.client, socket, sys

				class UnixConnection(http.client.HTTPConnection):
				    def __init__(self, path):
				        super().__init__("localhost")
				        self.path = path
				    def connect(self):
				        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				        self.sock.connect(self.path)

				connection = UnixConnection(sys.argv[1])
				for _ in range(3):
				    connection.request("GET", "/peer")
				    response = connection.getresponse()
				    print(response.status, response.read().decode())
				chunks = (bytes([65 + i]) * 1000 for i in range(5))
				connection.request("POST", "/upload", body=chunks, encode_chunked=True)
				response = connection.getresponse()
				print(response.status, response.read().decode())
				connection.close()
				""");
		ExternalProgram python = ExternalProgram.run(this.directory, "python3", script.toString(),
				this.socket.toString());

		assertThat(python.exitCode()).as("%s", python).isZero();
		String chunked = sha256Hex("A".repeat(1000) + "B".repeat(1000) + "C".repeat(1000) + "D".repeat(1000)
				+ "E".repeat(1000));
		String peer = "200 " + peerAnswer("HTTP/1.1");
		assertThat(python.stdout().lines()).containsExactly(peer, peer, peer, "200 5000 " + chunked);
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void nodeHttp2ClientMultiplexesStreamsOnOneConnection() throws Exception {
		RequiredTool.NODE.require();
		Path script = this.directory.resolve("client.js");
		Files.writeString(script, """
				const http2 = require("http2");
				const net = require("net");

				const socketPath = process.argv[2];
				const session = http2.connect("http://localhost", { createConnection: () => net.connect(socketPath) });
				session.on("error", (error) => { console.error(error); process.exit(2); });

				function request(headers, body) {
				  return new Promise((resolve, reject) => {
				    const stream = session.request(headers);
				    let data = "";
				    stream.setEncoding("utf8");
				    stream.on("response", (response) => { data += response[":status"] + " "; });
				    stream.on("data", (chunk) => { data += chunk; });
				    stream.on("end", () => resolve(data));
				    stream.on("error", reject);
				    stream.end(body);
				  });
				}

				const gets = Array.from({ length: 5 }, () => request({ ":path": "/peer" }));
				const upload = request({ ":method": "POST", ":path": "/upload" }, Buffer.alloc(1024 * 1024, "n"));
				Promise.all([...gets, upload]).then((results) => {
				  results.forEach((result) => console.log(result));
				  session.close();
				}, (error) => { console.error(error); process.exit(1); });
				""");
		ExternalProgram node = ExternalProgram.run(this.directory, "node", script.toString(), this.socket.toString());

		assertThat(node.exitCode()).as("%s", node).isZero();
		String peer = "200 " + peerAnswer("HTTP/2.0");
		String upload = "200 1048576 " + sha256Hex("n".repeat(1024 * 1024));
		assertThat(node.stdout().lines()).containsExactly(peer, peer, peer, peer, peer, upload);
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void dotNetClientSpeaksHttp11OverNamedPipeClientStream() throws Exception {
		List<String> client = CSharpCompiler.compile(getClass(), "DotNetHttpClient", this.directory);
		Path upload = TestData.file(this.directory, MIB);
		// .NET takes a rooted pipe name as the socket path, as the connector does.
		ExternalProgram dotNet = ExternalProgram.run(this.directory, client.get(0), client.get(1),
				this.socket.toString(), upload.toString());

		assertThat(dotNet.exitCode()).as("%s", dotNet).isZero();
		List<RawHttpResponse> responses = RawHttpResponse.parseAll(dotNet.stdout());
		assertThat(responses).extracting(RawHttpResponse::statusLine).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
		assertThat(responses).allSatisfy((response) -> assertThat(response.headers())
			.containsEntry("content-type", "text/plain;charset=utf-8")
			.hasEntrySatisfying("server", (server) -> assertThat(server).startsWith("Jetty(")));
		assertThat(responses.get(0).headers()).containsOnlyKeys("server", "date", "content-type", "content-length");
		assertThat(responses.get(1).headers()).containsOnlyKeys("server", "date", "content-type", "content-length",
				"connection")
			.containsEntry("connection", "close");
		assertThat(responses).extracting(RawHttpResponse::body)
			.containsExactly(MIB + " " + TestData.sha256(MIB), peerAnswer("HTTP/1.1"));
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void streamsHundredMebibyteUploadAndDownloadInBoundedMemory() throws Exception {
		// The test JVM runs with a 64 MiB heap (see the pom): buffering either body whole fails.
		assertThat(Runtime.getRuntime().maxMemory()).isLessThan(TestData.HUNDRED_MIB);
		Path upload = TestData.file(this.directory, TestData.HUNDRED_MIB);
		ExternalProgram curlUpload = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "--header", "Content-Type: application/octet-stream",
						"--data-binary", "@" + upload, "http://localhost/upload"));
		Files.delete(upload);
		Path download = this.directory.resolve("download");
		ExternalProgram curlDownload = ExternalProgram.run(this.directory, Curl.overSocket(this.socket,
				"--output", download.toString(), "http://localhost/download?bytes=" + TestData.HUNDRED_MIB));

		String expected = TestData.sha256(TestData.HUNDRED_MIB);
		assertThat(curlUpload.exitCode()).as("%s", curlUpload).isZero();
		assertThat(curlUpload.stdout()).isEqualTo(TestData.HUNDRED_MIB + " " + expected);
		assertThat(curlDownload.exitCode()).as("%s", curlDownload).isZero();
		assertThat(Files.size(download)).isEqualTo(TestData.HUNDRED_MIB);
		assertThat(TestData.sha256(download)).isEqualTo(expected);
		this.server.stop();
		assertThat(this.observer.closedBytesRead()).isGreaterThan(TestData.HUNDRED_MIB);
		assertThat(this.observer.closedBytesWritten()).isGreaterThan(TestData.HUNDRED_MIB);
	}

	@Test
	void clientThatVanishesMidRequestLeavesNoConnectionBehind() throws Exception {
		ExternalProgram slow = ExternalProgram.start(this.directory,
				Curl.overSocket(this.socket, "http://localhost/slow"));
		assertThat(this.handler.slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		slow.kill();
		this.handler.slowRelease.countDown();

		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.observer.closed()).hasSize(1);
			assertThat(this.connector.getListener().activeConnections()).isZero();
			assertThat(this.connector.getConnectedEndPoints()).isEmpty();
		});
		ExternalProgram next = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "http://localhost/peer"));
		assertThat(next.exitCode()).as("%s", next).isZero();
	}

	@Test
	void gracefulStopCompletesTheRequestInFlightAndRefusesNewConnections() throws Exception {
		ExternalProgram slow = ExternalProgram.start(this.directory,
				Curl.overSocket(this.socket, "http://localhost/slow"));
		assertThat(this.handler.slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		// Stopping: the server waits, up to its stop timeout, for the request in flight.
		CompletableFuture<Void> stopped = Background.runUntilBlocked(Background.timedWaitIn(Server.class, "doStop"),
				this.server::stop);
		await().atMost(WAIT).pollInSameThread().until(() -> Files.notExists(this.socket));
		ExternalProgram refused = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "http://localhost/peer"));
		assertThat(stopped).isNotDone();
		this.handler.slowRelease.countDown();

		assertThat(slow.await().exitCode()).as("%s", slow).isZero();
		assertThat(slow.stdout()).isEqualTo("slow done");
		assertThat(refused.exitCode()).as("%s", refused).isEqualTo(7);
		stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void aClientBeyondMaxConnectionsIsRejectedBeforeJettySeesIt() throws Exception {
		this.server.stop();
		startServer(NamedPipeTransportOptions.builder().maxConnections(1).build());
		ExternalProgram slow = ExternalProgram.start(this.directory,
				Curl.overSocket(this.socket, "http://localhost/slow"));
		assertThat(this.handler.slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		ExternalProgram rejected = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "http://localhost/peer"));
		assertThat(rejected.exitCode()).as("%s", rejected).isNotZero();
		await().atMost(WAIT).until(() -> this.observer.rejections().size() == 1);
		assertThat(this.observer.rejections()).singleElement().asString().startsWith(RejectionReason.LIMIT.tag() + ": ");
		assertThat(this.observer.accepted()).isEqualTo(1);

		this.handler.slowRelease.countDown();
		assertThat(slow.await().exitCode()).as("%s", slow).isZero();
		await().atMost(WAIT).until(() -> this.connector.getListener().activeConnections() == 0);
		ExternalProgram accepted = ExternalProgram.run(this.directory,
				Curl.overSocket(this.socket, "http://localhost/peer"));
		assertThat(accepted.exitCode()).as("%s", accepted).isZero();
		assertThat(this.observer.rejections()).hasSize(1);
	}

	@Test
	void theTransportsIdleTimeoutIsRefusedAtStart() throws Exception {
		Server other = new Server();
		Path otherSocket = this.directory.resolve("idle.sock");
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.idleTimeout(Duration.ofMinutes(1))
			.build();
		other.addConnector(new NamedPipeServerConnector(other, NamedPipeEndPoint.of(otherSocket.toString()), options,
				this.observer));
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class).isThrownBy(other::start)
			.withMessageContaining("'idle-timeout'")
			.withMessageContaining("Jetty's idle timeout");
		other.stop();
		assertThat(otherSocket).doesNotExist();
	}

	// Sockets, pipes and selectors; jar files opened by class loading stay open legitimately.
	private static List<String> nonFileDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.map((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).toString();
				}
				catch (IOException ex) {
					return "/closed meanwhile";
				}
			}).filter((target) -> !target.startsWith("/")).toList();
		}
	}

	private static String sha256Hex(String text) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.US_ASCII)));
	}

}
