package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.jetty.NamedPipeServerConnector;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile HTTP against {@link NamedPipeServerConnector} on a plain Jetty server: stalled
 * (slowloris) clients are closed by the idle timeout while others are served, and a generated
 * corpus of malformed requests only ever gets a 4xx or a close, with the server answering a
 * valid request afterwards and nothing leaked.
 */
class HostileHttpIT {

	private static final int CORPUS_SIZE = Integer.getInteger("reliability.malformedRequests", 10_000);

	private static final long IDLE_TIMEOUT_MILLIS = 1000;

	private static final String VALID_REQUEST = "GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

	private final RecordingObserver observer = new RecordingObserver();

	private Path shortDirectory;

	private NamedPipeEndPoint endPoint;

	private Server server;

	private NamedPipeServerConnector connector;

	private ProcessResources before;

	@BeforeEach
	void startServer() throws Exception {
		this.shortDirectory = Pipes.shortDirectory();
		this.endPoint = Pipes.endPointIn(this.shortDirectory);
		startJetty();
		assertThat(exchange(VALID_REQUEST.getBytes(StandardCharsets.US_ASCII))).isEqualTo("200");
		this.server.stop();
		// the baseline follows one served request, so the JVM's first-use descriptors are in it
		this.before = ProcessResources.settled();
		startJetty();
	}

	private void startJetty() throws Exception {
		this.server = new Server();
		this.connector = new NamedPipeServerConnector(this.server, this.endPoint, NamedPipeTransportOptions.defaults(),
				this.observer, new HttpConnectionFactory(new HttpConfiguration()));
		this.connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
		this.server.addConnector(this.connector);
		this.server.setHandler(new ReadingHandler());
		this.server.start();
	}

	@AfterEach
	void stopServerAndCheckForLeaks() throws Exception {
		assertThat(this.observer.listenerAborts()).isZero();
		this.server.stop();
		Pipes.assertRefusesNewClients(this.endPoint);
		Files.delete(this.shortDirectory);
		ProcessResources.awaitBackTo(this.before);
		Figures.report("hostile HTTP", "before[%s] after stop[%s]", this.before, ProcessResources.now());
	}

	@Test
	void stalledClientsAreClosedByTheIdleTimeoutWhileOthersAreServed() throws Exception {
		List<RawPipeClient> stalled = new ArrayList<>();
		List<CompletableFuture<String>> outcomes = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			RawPipeClient client = open();
			client.write("GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaa".getBytes(StandardCharsets.US_ASCII));
			stalled.add(client);
			outcomes.add(Background.call("slowloris", () -> readOutcome(client)));
		}
		for (int i = 0; i < 20; i++) {
			assertThat(exchange(VALID_REQUEST.getBytes(StandardCharsets.US_ASCII))).isEqualTo("200");
		}
		Map<String, Integer> closedWith = new TreeMap<>();
		for (CompletableFuture<String> outcome : outcomes) {
			closedWith.merge(outcome.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
		}
		for (RawPipeClient client : stalled) {
			client.close();
		}
		Figures.report("slowloris", "stalled=50 closed by the idle timeout (%d ms) with %s; valid requests served meanwhile=20",
				IDLE_TIMEOUT_MILLIS, closedWith);
		assertThat(closedWith.keySet()).allMatch(HostileHttpIT::isRefusal);
	}

	@Test
	@UnixOnly("ends each malformed input by half-closing (shutdown(SHUT_WR)), which a Win32 pipe cannot")
	void malformedCorpusGetsOnlyClientErrorsOrCloses() throws Exception {
		List<byte[]> corpus = new MalformedHttpCorpus(20261125L).generate(CORPUS_SIZE);
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		List<CompletableFuture<Void>> workers = new ArrayList<>();
		for (int worker = 0; worker < 4; worker++) {
			workers.add(Background.call("fuzz-" + worker, () -> {
				for (int i = next.getAndIncrement(); i < corpus.size(); i = next.getAndIncrement()) {
					String outcome = exchange(corpus.get(i));
					outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
					if (!isRefusal(outcome)) {
						throw new AssertionError("Input " + i + " got " + outcome + ": "
								+ new String(corpus.get(i), StandardCharsets.ISO_8859_1));
					}
				}
				return null;
			}));
		}
		for (CompletableFuture<Void> worker : workers) {
			worker.get(10, TimeUnit.MINUTES);
		}
		assertThat(exchange(VALID_REQUEST.getBytes(StandardCharsets.US_ASCII))).isEqualTo("200");
		assertThat(this.connector.getListener().isListening()).isTrue();
		await().atMost(Pipes.WAIT).until(() -> this.connector.getListener().activeConnections() == 0);
		Map<String, Long> counted = new TreeMap<>();
		outcomes.forEach((outcome, count) -> counted.put(outcome, count.sum()));
		Figures.report("malformed HTTP", "inputs=%d outcomes=%s accepted=%d listenerAborted=%d", corpus.size(), counted,
				this.observer.accepted(), this.observer.listenerAborts());
		assertThat(counted).containsOnlyKeys(counted.keySet().stream().filter(HostileHttpIT::isRefusal).toList());
		assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(corpus.size());
	}

	/**
	 * A 4xx status, 505 (a line break inside the target turns the request line into an
	 * HTTP/0.9 one, which Jetty refuses with "HTTP Version Not Supported"), or a close without
	 * a response. Any other 5xx would be a server failure.
	 */
	private static boolean isRefusal(String outcome) {
		return outcome.equals("closed") || outcome.startsWith("4") || outcome.equals("505");
	}

	private RawPipeClient open() throws IOException {
		return RawPipeClient.connect(this.endPoint.address());
	}

	/**
	 * Sends the bytes, ends the request side (on Unix), and reads until the server closes.
	 * @return the response's status code, or {@code closed} when none came
	 */
	private String exchange(byte[] request) throws IOException {
		try (RawPipeClient client = open()) {
			try {
				client.write(request);
				client.endOutput();
			}
			catch (IOException ex) {
				// the server may answer and close before taking everything (e.g. a huge header)
			}
			return readOutcome(client);
		}
	}

	private static String readOutcome(RawPipeClient client) {
		// the status line's first 12 bytes ("HTTP/1.1 400"), then drain until the server closes
		byte[] head = new byte[12];
		int headBytes = 0;
		byte[] buffer = new byte[8192];
		try {
			for (int count = client.read(buffer); count >= 0; count = client.read(buffer)) {
				int taken = Math.min(count, head.length - headBytes);
				System.arraycopy(buffer, 0, head, headBytes, taken);
				headBytes += taken;
			}
		}
		catch (IOException ex) {
			// reset by the server: a close
		}
		String status = new String(head, 0, headBytes, StandardCharsets.US_ASCII);
		return status.matches("HTTP/1\\.[01] \\d{3}") ? status.substring(9) : "closed";
	}

	/** Answers 200 after reading the whole body, so that a bad body fails the request. */
	private static final class ReadingHandler extends Handler.Abstract {

		@Override
		public boolean handle(Request request, Response response, Callback callback) throws Exception {
			Content.Source.consumeAll(request);
			response.setStatus(200);
			Content.Sink.write(response, true, "ok", callback);
			return true;
		}

	}

}
