package dev.namedpipe.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.namedpipe.jetty.NamedPipeClientTransport;
import dev.namedpipe.jetty.NamedPipeHttpClient;

/**
 * The client process of the client scenario: Spring's {@code RestClient} over Jetty's
 * {@code HttpClient} through one transport ({@code ours}: {@link NamedPipeHttpClient};
 * {@code jetty-unix}: Jetty's own {@code Transport.TCPUnix}; {@code tcp}: loopback), with
 * {@code threads} threads sending GETs of {@code path} in a loop for a warm-up second and then
 * {@code seconds}; prints {@code result <requests> <bytes> <nanos>}.
 *
 * <p>Arguments: {@code kind target path threads seconds}, the target a socket path or, for
 * {@code tcp}, a port.
 */
public final class HttpClientLoad {

	static final String RESULT = "result";

	private HttpClientLoad() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		String target = args[1];
		String path = args[2];
		int threads = Integer.parseInt(args[3]);
		long nanos = Long.parseLong(args[4]) * 1_000_000_000L;
		HttpClient httpClient = switch (kind) {
			case "ours" -> new NamedPipeHttpClient(NamedPipeClientTransport.of(target));
			case "jetty-unix" -> new UnixHttpClient(Path.of(target));
			case "tcp" -> new HttpClient();
			default -> throw new IllegalArgumentException("kind must be ours, jetty-unix or tcp, not '" + kind + "'");
		};
		httpClient.setMaxConnectionsPerDestination(threads);
		httpClient.start();
		try {
			String base = kind.equals("tcp") ? "http://localhost:" + target : "http://localhost";
			RestClient restClient = RestClient.builder()
				.requestFactory(new JettyClientHttpRequestFactory(httpClient))
				.baseUrl(base)
				.build();
			load(restClient, path, threads, 1_000_000_000L);
			long[] counts = load(restClient, path, threads, nanos);
			System.out.println(RESULT + " " + counts[0] + " " + counts[1] + " " + counts[2]);
		}
		finally {
			httpClient.stop();
		}
	}

	// Requests and bytes answered by all threads, and the nanoseconds they took.
	private static long[] load(RestClient restClient, String path, int threads, long nanos) throws Exception {
		LongAdder requests = new LongAdder();
		LongAdder bytes = new LongAdder();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				try {
					while (!stop.get()) {
						byte[] body = restClient.get().uri(path).retrieve().body(byte[].class);
						requests.increment();
						bytes.add(body.length);
					}
				}
				finally {
					done.countDown();
				}
			}, "load-" + i);
			worker.start();
		}
		Thread.sleep(nanos / 1_000_000);   // the measured interval itself, not a wait for a state
		stop.set(true);
		done.await();
		long elapsed = System.nanoTime() - start;
		return new long[] { requests.sum(), bytes.sum(), elapsed };
	}

	/** Jetty's own Unix-socket transport for every request, as {@link NamedPipeHttpClient} does ours. */
	private static final class UnixHttpClient extends HttpClient {

		private final Transport transport;

		UnixHttpClient(Path socket) {
			this.transport = new Transport.TCPUnix(socket);
		}

		@Override
		public Request newRequest(URI uri) {
			return super.newRequest(uri).transport(this.transport);
		}

	}

}
