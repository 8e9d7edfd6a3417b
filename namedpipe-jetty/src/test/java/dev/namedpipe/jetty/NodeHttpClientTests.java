package dev.namedpipe.jetty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP over a named pipe with Node.js's {@code http} and {@code http2} clients on both
 * platforms (a Win32 pipe on Windows, where Node.js is the foreign client; a Unix socket
 * elsewhere): HTTP/1.1, 10 MiB up and down, 50 requests over a keep-alive pool, h2c. Every
 * response ends with {@code end} (the script fails on any {@code error}); after every test
 * the server stops with every connection closed cleanly, and threads and handles back.
 */
class NodeHttpClientTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final long TEN_MIB = 10L * 1024 * 1024;

	private static final String USER = System.getProperty("user.name");

	private final TestHandler handler = new TestHandler();

	private final RecordingObserver observer = new RecordingObserver();

	private Path directory;

	private Path script;

	private NamedPipeEndPoint endPoint;

	private Server server;

	private NamedPipeServerConnector connector;

	private ServerThreads serverThreads;

	private long handlesBefore;

	// Loads the classes of both protocols and lets the JVM open what it keeps before the
	// handle baseline is taken.
	@BeforeAll
	static void warmUp() throws Exception {
		RequiredTool.require("node", "apt-get install nodejs (on Windows: Node.js on the PATH)");
		NodeHttpClientTests warmUp = new NodeHttpClientTests();
		warmUp.startServer();
		warmUp.node("get", "/peer");
		warmUp.node("h2", "1");
		warmUp.stopServer();
	}

	@BeforeEach
	void startServer() throws Exception {
		this.serverThreads = new ServerThreads();
		this.handlesBefore = OpenHandles.count();
		this.directory = PipeNames.shortTempDirectory();
		this.script = ExternalProgram.copyResource(NodeHttpClientTests.class, "node-http-client.js", this.directory);
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		this.server = new Server();
		this.server.setStopTimeout(WAIT.toMillis());
		HttpConfiguration configuration = new HttpConfiguration();
		this.connector = new NamedPipeServerConnector(this.server, this.endPoint, NamedPipeTransportOptions.defaults(),
				this.observer, new HttpConnectionFactory(configuration), new HTTP2CServerConnectionFactory(configuration));
		this.server.addConnector(this.connector);
		this.server.setHandler(new GracefulHandler(this.handler));
		this.server.start();
	}

	@AfterEach
	void stopServerAndCheckForLeaks() throws Exception {
		stopServer();
		assertThat(this.observer.closed).hasSize(this.observer.accepted.get())
			.containsOnly(ConnectionErrorType.NONE);
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.serverThreads.started()).isEmpty();
			assertThat(OpenHandles.count()).isLessThanOrEqualTo(this.handlesBefore); // a leak only grows
		});
	}

	private void stopServer() throws Exception {
		this.server.stop();
		assertThat(this.connector.getListener().activeConnections()).isZero();
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void http11GetCarriesThePeerIdentity() throws Exception {
		assertThat(node("get", "/peer")).isEqualTo("{\"status\":200,\"body\":\"" + peerAnswer("HTTP/1.1") + "\"}");
		assertThat(this.observer.accepted).hasValue(1);
	}

	@Test
	void uploadsTenMebibytesChunked() throws Exception {
		String outcome = node("upload", String.valueOf(TEN_MIB));
		// the server digests what arrived; the script what it sent
		String sent = outcome.substring(outcome.indexOf("\"sent\":\"") + 8, outcome.lastIndexOf('"'));
		assertThat(sent).startsWith(TEN_MIB + " ");
		assertThat(outcome).isEqualTo("{\"status\":200,\"body\":\"" + sent + "\",\"sent\":\"" + sent + "\"}");
	}

	@Test
	void downloadsTenMebibytes() throws Exception {
		assertThat(node("download", String.valueOf(TEN_MIB))).isEqualTo(
				"{\"status\":200,\"size\":" + TEN_MIB + ",\"sha256\":\"" + TestData.sha256(TEN_MIB) + "\"}");
	}

	@Test
	void fiftyConcurrentRequestsShareAKeepAlivePool() throws Exception {
		String outcome = node("keep-alive", "50");
		String statuses = String.join(",", Collections.nCopies(50, "200"));
		assertThat(outcome).startsWith("{\"statuses\":[" + statuses + "],\"bodies\":[\"" + peerAnswer("HTTP/1.1")
				+ "\"],\"connections\":");
		int connections = Integer.parseInt(outcome.substring(outcome.lastIndexOf(':') + 1, outcome.length() - 1));
		assertThat(connections).isBetween(1, 5);
		assertThat(this.observer.accepted).hasValue(connections);
	}

	@Test
	void h2cStreamsShareOneConnection() throws Exception {
		String statuses = String.join(",", Collections.nCopies(10, "200"));
		assertThat(node("h2", "10"))
			.isEqualTo("{\"statuses\":[" + statuses + "],\"bodies\":[\"" + peerAnswer("HTTP/2.0") + "\"]}");
		assertThat(this.observer.accepted).hasValue(1);
	}

	private String node(String scenario, String argument) throws Exception {
		ExternalProgram node = ExternalProgram.run(this.directory, "node", this.script.toString(),
				this.endPoint.address(), scenario, argument);
		assertThat(node.exitCode()).as("%s", node).isZero();
		// the server has seen the client's end of every connection once it closed them
		await().atMost(WAIT).pollInSameThread()
			.until(() -> this.connector.getListener().activeConnections() == 0);
		return node.stdout().strip();
	}

	private static String peerAnswer(String version) {
		String endPoint = TestPlatform.isWindows() ? "NamedPipeStreamEndPoint" : "NamedPipeChannelEndPoint";
		return peerUser() + " " + version + " " + endPoint;
	}

	// Windows names the account DOMAIN\\user (a JSON string escapes the backslash)
	private static String peerUser() {
		return TestPlatform.isWindows() ? windowsAccount().replace("\\", "\\\\") : USER;
	}

	private static String windowsAccount() {
		return System.getenv("USERDOMAIN") + "\\" + USER;
	}


}
