package dev.namedpipe.benchmarks;

import java.net.URI;
import java.nio.file.Path;

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
			ClosedLoopLoad.warmUpRunAndPrint(threads, nanos,
					() -> restClient.get().uri(path).retrieve().body(byte[].class).length);
		}
		finally {
			httpClient.stop();
		}
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
