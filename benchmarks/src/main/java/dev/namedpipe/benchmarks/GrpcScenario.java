package dev.namedpipe.benchmarks;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: gRPC. One server ({@link GrpcBenchmarkServer}: grpc-servlet in Jetty on our pipe
 * connector and on TCP, h2c both), called in turn by a client process each
 * ({@link GrpcClientLoad}, grpc-java's OkHttp transport over our pipe client and over TCP
 * loopback), {@value #CLIENT_THREADS} threads each on one channel: unary calls per second, and a
 * server-streaming call of 1 MiB in MiB per second. Goal: the pipe ahead of TCP.
 */
final class GrpcScenario {

	static final String PIPE = "grpc-java OkHttp over the pipe (ours)";

	static final String TCP = "grpc-java OkHttp over TCP loopback";

	static final int CLIENT_THREADS = 8;

	private GrpcScenario() {
	}

	static void run(Report report, BenchmarkMain.Sizes sizes, Path sockets) throws Exception {
		String unary = "gRPC unary calls (" + CLIENT_THREADS + " threads)";
		String stream = "gRPC 1 MiB server stream (" + CLIENT_THREADS + " threads)";
		Path socket = sockets.resolve("grpc");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		Map<String, List<String>> clients = new LinkedHashMap<>();
		clients.put(PIPE, List.of("pipe", socket.toString()));
		clients.put(TCP, List.of("tcp", Integer.toString(port)));
		Map<String, Measurement> calls = new LinkedHashMap<>();
		Map<String, Measurement> throughput = new LinkedHashMap<>();
		for (String subject : clients.keySet()) {
			calls.put(subject, report.measurement(unary, subject, "calls/s", true));
			throughput.put(subject, report.measurement(stream, subject, "MiB/s", true));
		}
		try (ChildJvm server = ChildJvm.start("gRPC scenario server", List.of(), List.of("-Xmx512m"),
				GrpcBenchmarkServer.class.getName(), List.of(socket.toString(), Integer.toString(port)))) {
			server.awaitLine(GrpcBenchmarkServer.READY::equals);
			for (int round = 0; round < sizes.processRoundsWithWarmUp(); round++) {
				for (String subject : SubjectOrder.forRound(List.copyOf(clients.keySet()), round)) {
					double perSecond = load(subject, clients.get(subject), "unary", sizes)[0];
					double bytesPerSecond = load(subject, clients.get(subject), "stream", sizes)[1];
					if (sizes.isMeasured(round)) {
						calls.get(subject).add(perSecond);
						throughput.get(subject).add(bytesPerSecond / (1024 * 1024));
					}
				}
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
		for (String scenario : List.of(unary, stream)) {
			report.baseline(scenario, TCP);
			report.goal(scenario, PIPE, TCP, true, 1.0);
		}
	}

	// Calls and bytes per second of one client process.
	private static double[] load(String subject, List<String> client, String call, BenchmarkMain.Sizes sizes)
			throws Exception {
		return ClosedLoopLoad.perSecond(subject, GrpcClientLoad.class, List.of(client.get(0), client.get(1), call,
				Integer.toString(CLIENT_THREADS), Integer.toString(sizes.httpSeconds)));
	}

}
