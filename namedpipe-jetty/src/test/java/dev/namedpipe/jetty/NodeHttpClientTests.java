package dev.namedpipe.jetty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.NodeHttpGet;
import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.PipeProbe;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP over a named pipe with Node.js's {@code http} and {@code http2} clients on both
 * platforms (a Win32 pipe on Windows, where Node.js is the foreign client; a Unix socket
 * elsewhere): HTTP/1.1, 100 MiB up and down through a 64 MiB heap, 50 requests over a
 * keep-alive pool, h2c, a graceful stop with a request in flight, a client that vanishes
 * mid-request. Every response ends with {@code end} (the script fails on any {@code error});
 * after every test the server stops with every connection closed (cleanly but for the one
 * that vanished), and threads and handles back.
 */
class NodeHttpClientTests {

	private static final Duration WAIT = Duration.ofSeconds(60);


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

	private boolean everyCloseClean = true;

	// Loads the classes of both protocols and lets the JVM open what it keeps before the
	// handle baseline is taken.
	@BeforeAll
	static void warmUp() throws Exception {
		RequiredTool.NODE.require();
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
		assertThat(this.observer.closed()).hasSize(this.observer.accepted());
		if (this.everyCloseClean) {
			assertThat(this.observer.closed()).containsOnly(ConnectionErrorType.NONE);
		}
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.serverThreads.started()).isEmpty();
			assertThat(OpenHandles.count()).as("open: %s", OpenHandles.describe())
				.isLessThanOrEqualTo(this.handlesBefore); // a leak only grows
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
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void streamsHundredMebibytesUpAndDownInBoundedMemory() throws Exception {
		// The test JVM runs with a 64 MiB heap (see the pom): buffering either body whole fails.
		assertThat(Runtime.getRuntime().maxMemory()).isLessThan(TestData.HUNDRED_MIB);
		String upload = node("upload", String.valueOf(TestData.HUNDRED_MIB));
		// the server digests what arrived; the script what it sent
		String sent = upload.substring(upload.indexOf("\"sent\":\"") + 8, upload.lastIndexOf('"'));
		assertThat(sent).startsWith(TestData.HUNDRED_MIB + " ");
		assertThat(upload).isEqualTo("{\"status\":200,\"body\":\"" + sent + "\",\"sent\":\"" + sent + "\"}");
		assertThat(node("download", String.valueOf(TestData.HUNDRED_MIB))).isEqualTo("{\"status\":200,\"size\":"
				+ TestData.HUNDRED_MIB + ",\"sha256\":\"" + TestData.sha256(TestData.HUNDRED_MIB) + "\"}");
		assertThat(this.observer.accepted()).isEqualTo(2);
	}

	@Test
	void gracefulStopCompletesTheRequestInFlightAndRefusesNewClients() throws Exception {
		try (NodeHttpGet slow = NodeHttpGet.start(this.directory, this.endPoint.address(), "1.1", "/slow")) {
			assertThat(this.handler.slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			// Stopping: the server waits, up to its stop timeout, for the request in flight.
			CompletableFuture<Void> stopped = Background.runUntilBlocked(Background.timedWaitIn(Server.class, "doStop"),
					this.server::stop);
			await().atMost(WAIT).pollInSameThread().until(() -> !PipeProbe.isListening(this.endPoint.address()));
			assertThat(stopped).isNotDone();
			this.handler.slowRelease.countDown();
			assertThat(slow.response()).isEqualTo(new NodeHttpGet.Response(200, "1.1", "slow done"));
			stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void clientThatVanishesMidRequestLeavesNoConnectionBehind() throws Exception {
		this.everyCloseClean = false;
		try (NodeHttpGet slow = NodeHttpGet.start(this.directory, this.endPoint.address(), "1.1", "/slow")) {
			assertThat(this.handler.slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		this.handler.slowRelease.countDown();
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.observer.closed()).hasSize(1);
			assertThat(this.connector.getListener().activeConnections()).isZero();
			assertThat(this.connector.getConnectedEndPoints()).isEmpty();
		});
		assertThat(node("get", "/peer")).isEqualTo("{\"status\":200,\"body\":\"" + peerAnswer("HTTP/1.1") + "\"}");
	}

	@Test
	void fiftyConcurrentRequestsShareAKeepAlivePool() throws Exception {
		String outcome = node("keep-alive", "50");
		String statuses = String.join(",", Collections.nCopies(50, "200"));
		assertThat(outcome).startsWith("{\"statuses\":[" + statuses + "],\"bodies\":[\"" + peerAnswer("HTTP/1.1")
				+ "\"],\"connections\":");
		int connections = Integer.parseInt(outcome.substring(outcome.lastIndexOf(':') + 1, outcome.length() - 1));
		assertThat(connections).isBetween(1, 5);
		assertThat(this.observer.accepted()).isEqualTo(connections);
	}

	@Test
	void h2cStreamsShareOneConnection() throws Exception {
		String statuses = String.join(",", Collections.nCopies(10, "200"));
		assertThat(node("h2", "10"))
			.isEqualTo("{\"statuses\":[" + statuses + "],\"bodies\":[\"" + peerAnswer("HTTP/2.0") + "\"]}");
		assertThat(this.observer.accepted()).isEqualTo(1);
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
