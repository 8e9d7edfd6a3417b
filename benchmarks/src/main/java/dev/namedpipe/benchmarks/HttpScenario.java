package dev.namedpipe.benchmarks;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: the same Spring MVC app ({@link HttpBenchmarkApplication}), one process per
 * server, loaded in turn by {@code autocannon} over keep-alive connections: a small GET in
 * requests per second, a 1 MiB GET in MiB per second.
 */
final class HttpScenario {

	static final String OURS = "Jetty + namedpipe connector (ours)";

	static final String JETTY_UNIX = "Jetty UnixDomainServerConnector";

	static final String TOMCAT_UNIX = "Tomcat NIO unix socket";

	static final String JETTY_TCP = "Jetty TCP loopback";

	private HttpScenario() {
	}

	static void run(Report report, BenchmarkMain.Sizes sizes, Path sockets, Autocannon autocannon) throws Exception {
		String small = "HTTP small GET (" + sizes.httpConnections + " connections)";
		String large = "HTTP 1 MiB GET (" + sizes.httpConnections + " connections)";
		Map<String, Server> servers = new LinkedHashMap<>();
		try {
			startAll(servers, sockets);
			Map<String, Measurement> requests = new LinkedHashMap<>();
			Map<String, Measurement> throughput = new LinkedHashMap<>();
			for (String subject : servers.keySet()) {
				requests.put(subject, report.measurement(small, subject, "req/s", true));
				throughput.put(subject, report.measurement(large, subject, "MiB/s", true));
			}
			Duration duration = Duration.ofSeconds(sizes.httpSeconds);
			for (int round = 0; round < sizes.processRoundsWithWarmUp(); round++) {
				for (String subject : SubjectOrder.forRound(List.copyOf(servers.keySet()), round)) {
					Server server = servers.get(subject);
					Autocannon.Result smallResult = autocannon.load(server.socket, server.port,
							HttpBenchmarkApplication.SMALL, sizes.httpConnections, duration);
					Autocannon.Result largeResult = autocannon.load(server.socket, server.port,
							HttpBenchmarkApplication.LARGE, sizes.httpConnections, duration);
					if (sizes.isMeasured(round)) {
						requests.get(subject).add(smallResult.requestsPerSecond());
						throughput.get(subject).add(largeResult.mibPerSecond());
					}
				}
			}
		}
		finally {
			for (Server server : servers.values()) {
				server.process.close();
				if (server.socket != null) {
					Files.deleteIfExists(server.socket);
				}
			}
		}
		for (String scenario : List.of(small, large)) {
			report.baseline(scenario, JETTY_UNIX);
			report.goal(scenario, OURS, JETTY_UNIX, true, 0.95);
			report.goal(scenario, OURS, TOMCAT_UNIX, true, 1.0);
			report.goal(scenario, OURS, JETTY_TCP, true, 1.0);
		}
	}

	/** Starts the four servers side by side, then waits for each to serve. */
	private static void startAll(Map<String, Server> servers, Path sockets) throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		servers.put(OURS, start(OURS, "pipe", sockets.resolve("http-ours"), 0));
		servers.put(JETTY_UNIX, start(JETTY_UNIX, "jetty-unix", sockets.resolve("http-jetty"), 0));
		servers.put(TOMCAT_UNIX, start(TOMCAT_UNIX, "tomcat-unix", sockets.resolve("http-tomcat"), 0));
		servers.put(JETTY_TCP, start(JETTY_TCP, "jetty-tcp", null, port));
		for (Server server : servers.values()) {
			server.process.awaitLine(HttpBenchmarkApplication.READY::equals);
		}
	}

	private static Server start(String subject, String kind, Path socket, int port) throws Exception {
		// Jetty keeps a connection open for any number of requests; Tomcat closes it after 100
		List<String> arguments = new ArrayList<>(List.of("--bench.server=" + kind, "--server.port=" + port,
				"--server.tomcat.max-keep-alive-requests=-1"));
		if (socket != null) {
			arguments.add("--bench.socket=" + socket);
		}
		ChildJvm process = ChildJvm.start(subject, List.of(),
				List.of("-Xmx512m", "-Dorg.springframework.boot.logging.LoggingSystem=none"),
				HttpBenchmarkApplication.class.getName(), arguments);
		return new Server(process, socket, port);
	}

	private record Server(ChildJvm process, Path socket, int port) {
	}

}
