package dev.namedpipe.benchmarks;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: the client half. One server, the HTTP app on our connector and on TCP
 * ({@link HttpBenchmarkApplication}), called in turn by a client process each
 * ({@link HttpClientLoad}): Spring's {@code RestClient} over Jetty's {@code HttpClient} through
 * our pipe transport, through Jetty's own Unix-socket transport ({@code Transport.TCPUnix}) to
 * the same socket, and over TCP loopback, {@value #CLIENT_THREADS} threads each; a small GET in
 * requests per second, a 1 MiB GET in MiB per second.
 */
final class ClientScenario {

	static final String OURS = "RestClient over NamedPipeClientTransport (ours)";

	static final String JETTY_UNIX = "RestClient over Jetty Transport.TCPUnix";

	static final String TCP = "RestClient over TCP loopback";

	/**
	 * The send buffer of the server's accepted Unix sockets ({@code unix-send-buffer-size}), so
	 * that a 1 MiB body is in flight at once, as on TCP loopback, whose buffers the kernel grows.
	 */
	static final int UNIX_SEND_BUFFER_SIZE = 1024 * 1024;

	/** Threads of each client process, each sending one request at a time (blocking, as RestClient does). */
	static final int CLIENT_THREADS = 8;

	private ClientScenario() {
	}

	static void run(Report report, BenchmarkMain.Sizes sizes, Path sockets) throws Exception {
		String small = "client small GET (" + CLIENT_THREADS + " threads)";
		String large = "client 1 MiB GET (" + CLIENT_THREADS + " threads)";
		Path socket = sockets.resolve("http-client");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		Map<String, List<String>> clients = new LinkedHashMap<>();
		clients.put(OURS, List.of("ours", socket.toString()));
		clients.put(JETTY_UNIX, List.of("jetty-unix", socket.toString()));
		clients.put(TCP, List.of("tcp", Integer.toString(port)));
		Map<String, Measurement> requests = new LinkedHashMap<>();
		Map<String, Measurement> throughput = new LinkedHashMap<>();
		for (String subject : clients.keySet()) {
			requests.put(subject, report.measurement(small, subject, "req/s", true));
			throughput.put(subject, report.measurement(large, subject, "MiB/s", true));
		}
		try (ChildJvm server = ChildJvm.start("client scenario server", List.of(),
				List.of("-Xmx512m", "-Dorg.springframework.boot.logging.LoggingSystem=none"),
				HttpBenchmarkApplication.class.getName(),
				List.of("--bench.server=pipe", "--bench.socket=" + socket, "--server.port=" + port,
						"--bench.unix-send-buffer-size=" + UNIX_SEND_BUFFER_SIZE))) {
			server.awaitLine(HttpBenchmarkApplication.READY::equals);
			for (int round = 0; round < sizes.processRoundsWithWarmUp(); round++) {
				for (String subject : SubjectOrder.forRound(List.copyOf(clients.keySet()), round)) {
					double perSecond = load(subject, clients.get(subject), HttpBenchmarkApplication.SMALL, sizes)[0];
					double bytesPerSecond = load(subject, clients.get(subject), HttpBenchmarkApplication.LARGE, sizes)[1];
					if (sizes.isMeasured(round)) {
						requests.get(subject).add(perSecond);
						throughput.get(subject).add(bytesPerSecond / (1024 * 1024));
					}
				}
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
		for (String scenario : List.of(small, large)) {
			report.baseline(scenario, JETTY_UNIX);
			report.goal(scenario, OURS, JETTY_UNIX, true, 0.95);
			report.goal(scenario, OURS, TCP, true, 1.0);
		}
	}

	// Calls and bytes per second of one client process.
	private static double[] load(String subject, List<String> client, String path, BenchmarkMain.Sizes sizes)
			throws Exception {
		return ClosedLoopLoad.perSecond(subject, HttpClientLoad.class, List.of(client.get(0), client.get(1), path,
				Integer.toString(CLIENT_THREADS), Integer.toString(sizes.httpSeconds)));
	}

}
