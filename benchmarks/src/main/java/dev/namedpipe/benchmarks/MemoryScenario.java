package dev.namedpipe.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 4: heap (after a full collection) and resident set size added per idle connection,
 * with many connections open, for the raw transport and for HTTP on our Jetty connector, next
 * to HTTP on Jetty's own {@code UnixDomainServerConnector}. Each subject runs in a fresh
 * process whose file-descriptor limit is raised with {@code prlimit}.
 */
final class MemoryScenario {

	static final String HEAP = "heap per idle connection";

	static final String RSS = "RSS per idle connection";

	static final String RAW = "raw transport (ours)";

	static final String HTTP_OURS = "HTTP on the pipe connector (ours)";

	static final String HTTP_JETTY_UNIX = "HTTP on Jetty UnixDomainServerConnector";

	private MemoryScenario() {
	}

	static void run(Report report, BenchmarkMain.Sizes sizes, Path sockets) throws Exception {
		Map<String, Measurement> heap = new LinkedHashMap<>();
		Map<String, Measurement> rss = new LinkedHashMap<>();
		String suffix = " (" + sizes.idleConnections + " open)";
		for (String subject : List.of(RAW, HTTP_OURS, HTTP_JETTY_UNIX)) {
			heap.put(subject, report.measurement(HEAP + suffix, subject, "KiB", false));
			rss.put(subject, report.measurement(RSS + suffix, subject, "KiB", false));
		}
		for (int round = 0; round < sizes.processRoundsWithWarmUp(); round++) {
			for (String subject : SubjectOrder.forRound(List.copyOf(heap.keySet()), round)) {
				double[] perConnection = measure(subject, sockets.resolve("idle"), sizes.idleConnections);
				if (sizes.isMeasured(round)) {
					heap.get(subject).add(perConnection[0]);
					rss.get(subject).add(perConnection[1]);
				}
			}
		}
		report.baseline(HEAP + suffix, HTTP_JETTY_UNIX);
		report.baseline(RSS + suffix, HTTP_JETTY_UNIX);
	}

	/** Heap and RSS in KiB per connection: the difference with and without the connections. */
	private static double[] measure(String subject, Path socket, int count) throws Exception {
		List<String> jvm = List.of("-Xmx1g", "-Dorg.springframework.boot.logging.LoggingSystem=none");
		try (ChildJvm server = start(subject, socket, count, jvm)) {
			long heapBefore = heap(server);
			long rssBefore = server.residentKib();
			try (IdleConnections connections = RAW.equals(subject) ? IdleConnections.raw(socket, count)
					: IdleConnections.http(socket, count)) {
				if (RAW.equals(subject)) {
					server.awaitLine(IdleConnectionServer.ALL_ACCEPTED::equals);
				}
				long heapAfter = heap(server);
				long rssAfter = server.residentKib();
				return new double[] { (heapAfter - heapBefore) / 1024.0 / count, (double) (rssAfter - rssBefore) / count };
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
	}

	private static ChildJvm start(String subject, Path socket, int count, List<String> jvm) throws Exception {
		List<String> raiseFileLimit = List.of("prlimit", "--nofile=" + (count * 2 + 4096), "--");
		ChildJvm server;
		if (RAW.equals(subject)) {
			server = ChildJvm.start(subject, raiseFileLimit, jvm, IdleConnectionServer.class.getName(),
					List.of(socket.toString(), Integer.toString(count)));
			server.awaitLine(IdleConnectionServer.READY::equals);
		}
		else {
			String kind = HTTP_OURS.equals(subject) ? "pipe" : "jetty-unix";
			server = ChildJvm.start(subject, raiseFileLimit, jvm, HttpBenchmarkApplication.class.getName(),
					List.of("--bench.server=" + kind, "--bench.socket=" + socket, "--server.port=0"));
			server.awaitLine(HttpBenchmarkApplication.READY::equals);
		}
		return server;
	}

	private static long heap(ChildJvm server) throws InterruptedException {
		return Long.parseLong(server.ask(HeapProbe.HEAP).substring(HeapProbe.HEAP.length() + 1));
	}

}
