package dev.namedpipe.jetty;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Jetty's {@code HttpClient} over {@link NamedPipeClientTransport} against our own connector,
 * on both platforms (a Win32 pipe on Windows, a Unix socket elsewhere), once per client
 * connection path: HTTP/1.1 with {@code Host: localhost}, the client's identity as the server
 * sees it, keep-alive, a kept-alive connection the server closes, 100 MiB each way at once in
 * a 64 MiB heap, a missing pipe, an idle timeout, and after 10,000 requests (1,000
 * connections) no thread or handle left once client and server stop.
 */
abstract class AbstractNamedPipeHttpClientTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	private final TestHandler handler = new TestHandler();

	private final RecordingObserver observer = new RecordingObserver();

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private Server server;

	private NamedPipeServerConnector connector;

	NamedPipeHttpClient client;

	private ServerThreads threads;

	private long handlesBefore;

	/**
	 * Whether the client bridges Unix connections over their streams (its path on Windows)
	 * instead of Jetty's selector.
	 * @return {@code true} for the stream path
	 */
	abstract boolean streamEndPointsForced();

	// Loads the classes of both sides and lets the JVM open what it keeps (virtual-thread
	// pollers, a first socket) before the handle baseline is taken.
	@BeforeAll
	static void warmUp() throws Exception {
		for (boolean streamPath : new boolean[] { false, true }) {
			AbstractNamedPipeHttpClientTests warmUp = new AbstractNamedPipeHttpClientTests() {

				@Override
				boolean streamEndPointsForced() {
					return streamPath;
				}

			};
			warmUp.start();
			warmUp.client.GET("/peer");
			warmUp.stop();
		}
	}

	@BeforeEach
	void start() throws Exception {
		this.threads = new ServerThreads();
		this.handlesBefore = OpenHandles.count();
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		this.server = new Server();
		HttpConfiguration configuration = new HttpConfiguration();
		this.connector = new NamedPipeServerConnector(this.server, this.endPoint, NamedPipeTransportOptions.defaults(),
				this.observer, new HttpConnectionFactory(configuration), new HTTP2CServerConnectionFactory(configuration));
		this.server.addConnector(this.connector);
		this.server.setHandler(this.handler);
		this.server.start();
		this.client = newClient(this.endPoint);
	}

	private NamedPipeHttpClient newClient(NamedPipeEndPoint target) throws Exception {
		return newClient(target, new HttpClientTransportOverHTTP());
	}

	private NamedPipeHttpClient newClient(NamedPipeEndPoint target, HttpClientTransport httpTransport)
			throws Exception {
		NamedPipeClientTransport transport = new NamedPipeClientTransport(target);
		transport.setStreamEndPointsForced(streamEndPointsForced());
		NamedPipeHttpClient newClient = new NamedPipeHttpClient(transport, httpTransport);
		newClient.setConnectTimeout(WAIT.toMillis());
		newClient.start();
		return newClient;
	}

	@AfterEach
	void stopAndCheckForLeaks() throws Exception {
		stop();
		await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
			assertThat(this.threads.started()).isEmpty();
			assertThat(OpenHandles.count()).as("open: %s", OpenHandles.describe())
				.isLessThanOrEqualTo(this.handlesBefore); // a leak only grows
		});
	}

	private void stop() throws Exception {
		this.handler.slowRelease.countDown();
		this.client.stop();
		await().atMost(WAIT).pollInSameThread().until(() -> this.connector.getListener().activeConnections() == 0);
		this.server.stop();
		assertThat(this.observer.closed()).hasSize(this.observer.accepted());
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void relativeRequestReachesThePipeWithLocalhostAsHost() throws Exception {
		ContentResponse peer = this.client.GET("/peer");
		assertThat(peer.getStatus()).isEqualTo(200);
		String serverEndPoint = TestPlatform.isWindows() ? "NamedPipeStreamEndPoint" : "NamedPipeChannelEndPoint";
		assertThat(peer.getContentAsString()).isEqualTo(TestPlatform.currentUser() + " HTTP/1.1 " + serverEndPoint);
		assertThat(this.client.GET("/host").getContentAsString()).isEqualTo("localhost");
		assertThat(this.client.GET("http://docker/host").getContentAsString()).isEqualTo("docker");
	}

	@Test
	void serverSeesThisProcessWhereTheOperatingSystemTellsIt() throws Exception {
		// Windows reports the client's process id; Linux's SO_PEERCRED, through the JDK, does not.
		String expected = TestPlatform.isWindows() ? String.valueOf(ProcessHandle.current().pid()) : "none";
		assertThat(this.client.GET("/pid").getContentAsString()).isEqualTo(expected);
	}

	@Test
	void requestsInTurnShareOneKeptAliveConnection() throws Exception {
		for (int i = 0; i < 20; i++) {
			assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
		}
		assertThat(this.observer.accepted()).isEqualTo(1);
	}

	@Test
	void keptAliveConnectionThatTheServerClosesLeavesThePool() throws Exception {
		this.connector.setIdleTimeout(200);
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.observer.closed().size() == 1);
		await().atMost(WAIT).until(() -> pool().getConnectionCount() == 0);
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
		assertThat(this.observer.accepted()).isEqualTo(2);
	}

	@Test
	void streamsHundredMebibytesEachWayAtOnceInBoundedMemory() throws Exception {
		// The test JVM runs with a 64 MiB heap (see the pom): buffering either body whole fails.
		assertThat(Runtime.getRuntime().maxMemory()).isLessThan(TestData.HUNDRED_MIB);
		OutputStreamRequestContent upload = new OutputStreamRequestContent();
		InputStreamResponseListener download = new InputStreamResponseListener();
		this.client.newRequest("/echo").method(HttpMethod.POST).body(upload).send(download);
		// The server echoes as it reads, so the download has to run while the upload does.
		CompletableFuture<Void> sent = Background.run(() -> {
			try (OutputStream out = upload.getOutputStream()) {
				TestData.write(out, TestData.HUNDRED_MIB);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Response response = download.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(response.getStatus()).isEqualTo(200);
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		long received;
		try (InputStream in = new DigestInputStream(download.getInputStream(), digest)) {
			received = in.transferTo(OutputStream.nullOutputStream());
		}
		sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).isEqualTo(TestData.HUNDRED_MIB);
		assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestData.sha256(TestData.HUNDRED_MIB));
	}

	@Test
	void h2cWithPriorKnowledgeMultiplexesConcurrentRequestsOnOneConnection() throws Exception {
		NamedPipeHttpClient h2c = newClient(this.endPoint, new HttpClientTransportOverHTTP2(new HTTP2Client()));
		try {
			// One request opens the connection; then twenty at once, for which HTTP/1.1's pool would
			// open a connection each, are streams on it.
			String serverEndPoint = TestPlatform.isWindows() ? "NamedPipeStreamEndPoint" : "NamedPipeChannelEndPoint";
			String expected = TestPlatform.currentUser() + " HTTP/2.0 " + serverEndPoint;
			assertThat(h2c.GET("/peer").getContentAsString()).isEqualTo(expected);
			List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				responses.add(new CompletableResponseListener(h2c.newRequest("/peer")).send());
			}
			for (CompletableFuture<ContentResponse> response : responses) {
				assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).getContentAsString()).isEqualTo(expected);
			}
			assertThat(this.observer.accepted()).isEqualTo(1);
		}
		finally {
			h2c.stop();
		}
	}

	// Jetty opens a connection for each request sent before the first one is up; on the stream
	// path, the sessions still waiting for the server's goodbye when the client stops kept their
	// pipes open (the leak check after each test failed) until the connector closed them.
	@Test
	void h2cConnectionsOpenedAtOnceAreClosedWithTheClient() throws Exception {
		NamedPipeHttpClient h2c = newClient(this.endPoint, new HttpClientTransportOverHTTP2(new HTTP2Client()));
		try {
			List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				responses.add(new CompletableResponseListener(h2c.newRequest("/pid")).send());
			}
			for (CompletableFuture<ContentResponse> response : responses) {
				assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).getStatus()).isEqualTo(200);
			}
		}
		finally {
			h2c.stop();
		}
	}

	@Test
	void pipeThatVanishesMidResponseFailsThatRequestAndThePoolRecovers() throws Exception {
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.client.GET("/vanish"))
			.havingCause()
			.isInstanceOf(EOFException.class)
			.withMessageContaining(this.endPoint.address());
		await().atMost(WAIT).until(() -> pool().getConnectionCount() == 0);
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
		assertThat(this.observer.accepted()).isEqualTo(2);
	}

	@Test
	void missingPipeFailsNamingThePipeAfterTheConnectTimeout() throws Exception {
		NamedPipeEndPoint missing = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		NamedPipeHttpClient toNowhere = newClient(missing);
		try {
			toNowhere.setConnectTimeout(300);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> toNowhere.GET("/host"))
				.havingCause()
				.isInstanceOf(ConnectException.class)
				.withMessageContaining(missing.address())
				.withMessageContaining("PT0.3S");
		}
		finally {
			toNowhere.stop();
		}
	}

	@Test
	void idleTimeoutFailsARequestTheServerLeavesUnanswered() throws Exception {
		this.client.setIdleTimeout(300);
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> this.client.GET("/slow"))
			.withMessageContaining("Idle timeout");
		assertThat(this.handler.slowEntered.getCount()).isZero();
		this.handler.slowRelease.countDown();
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
	}

	@Test
	void tenThousandRequestsOverAThousandConnectionsLeaveNothingBehind() throws Exception {
		for (int i = 0; i < 10_000; i++) {
			boolean last = i % 10 == 9;
			ContentResponse response = this.client.newRequest("/host")
				.headers((headers) -> headers.put(HttpHeader.CONNECTION, last ? "close" : "keep-alive"))
				.send();
			assertThat(response.getStatus()).isEqualTo(200);
		}
		assertThat(this.observer.accepted()).isEqualTo(1_000);
		await().atMost(WAIT).until(() -> this.connector.getListener().activeConnections() == 0);
	}

	private AbstractConnectionPool pool() {
		return (AbstractConnectionPool) this.client.getDestinations().get(0).getConnectionPool();
	}

}
