package dev.namedpipe.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs every scenario, alternating the subjects round by round after a discarded warm-up
 * round, and reports medians, spreads and ratios measured in the same run.
 *
 * <p>Arguments: {@code smoke|full} and the output directory for the CSV and charts. System
 * properties: {@code benchmark.sample.jar} (the sample app's jar, for the startup scenario) and
 * {@code benchmark.tools} (where npm installs the HTTP load client), {@code benchmark.scenarios}
 * (a comma-separated subset of {@link Scenario}, all when empty).
 */
public final class BenchmarkMain {

	static final String OURS = "namedpipe (ours)";

	static final String OURS_DISPATCHED = OURS + " dispatcher + Boot's executor";

	static final String RAW_UNIX = "raw JDK unix socket";

	static final String NETTY = "Netty epoll domain socket";

	static final String TCP = "raw JDK TCP loopback";

	static final String RAW_UNIX_POOL = "raw JDK unix socket (accept thread + pool)";

	static final String RAW_UNIX_POOL_CHECKED = "raw JDK unix socket (accept thread + pool + peer check)";

	static final String PING_PONG = "1-byte round trip";

	static final String THROUGHPUT = "64 KiB echo throughput";

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Sizes sizes = "smoke".equals((args.length > 0) ? args[0] : "full") ? Sizes.SMOKE : Sizes.FULL;
		Path output = Path.of((args.length > 1) ? args[1] : "target/benchmarks");
		Report report = run(sizes, Scenario.parse(System.getProperty("benchmark.scenarios", "")));
		Files.createDirectories(output);
		System.out.printf("%nJDK %s, %d cores, %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), sizes);
		report.print(System.out);
		report.writeCsv(output.resolve("benchmarks.csv"));
		report.writeCharts(output);
		System.out.println("CSV and charts written to " + output.toAbsolutePath());
	}

	static Report run(Sizes sizes) throws Exception {
		return run(sizes, EnumSet.allOf(Scenario.class));
	}

	static Report run(Sizes sizes, Set<Scenario> scenarios) throws Exception {
		Report report = new Report();
		Path sockets = Files.createTempDirectory(Path.of("/tmp"), "npbench");
		try {
			if (scenarios.contains(Scenario.ECHO)) {
				echoScenarios(report, sizes, sockets);
			}
			if (scenarios.contains(Scenario.CONNECTIONS)) {
				connectionRateScenarios(report, sizes, sockets);
			}
			if (scenarios.contains(Scenario.HTTP)) {
				HttpScenario.run(report, sizes, sockets,
						Autocannon.install(Path.of(System.getProperty("benchmark.tools", "target/tools"))));
			}
			if (scenarios.contains(Scenario.MEMORY)) {
				MemoryScenario.run(report, sizes, sockets);
			}
			if (scenarios.contains(Scenario.STARTUP)) {
				StartupScenario.run(report, sizes, Path.of(System.getProperty("benchmark.sample.jar",
						"sample-app/target/sample-app-0.1.0-SNAPSHOT.jar")));
			}
			if (scenarios.contains(Scenario.CLIENT)) {
				ClientScenario.run(report, sizes, sockets);
			}
			if (scenarios.contains(Scenario.GRPC)) {
				GrpcScenario.run(report, sizes, sockets);
			}
		}
		finally {
			Files.deleteIfExists(sockets);
		}
		return report;
	}

	private static void echoScenarios(Report report, Sizes sizes, Path sockets) throws Exception {
		Map<String, Callable<EchoServer>> servers = new LinkedHashMap<>();
		servers.put(OURS, () -> BlockingEchoServers.namedPipe(sockets.resolve("ours"), 2));
		servers.put(RAW_UNIX, () -> BlockingEchoServers.jdkUnix(sockets.resolve("raw")));
		servers.put(NETTY, () -> NettyEchoServer.start(sockets.resolve("netty")));
		servers.put(TCP, BlockingEchoServers::jdkTcp);
		Map<String, Measurement> pingPong = new LinkedHashMap<>();
		Map<String, Measurement> throughput = new LinkedHashMap<>();
		for (String subject : servers.keySet()) {
			pingPong.put(subject, report.measurement(PING_PONG, subject, "us", false));
			throughput.put(subject, report.measurement(THROUGHPUT, subject, "MiB/s", true));
		}
		for (int round = 0; round <= sizes.rounds; round++) {
			for (String subject : SubjectOrder.forRound(List.copyOf(servers.keySet()), round)) {
				try (EchoServer server = servers.get(subject).call()) {
					double micros = EchoMeasurements.pingPongMicros(server, sizes.roundTrips);
					double mibps = EchoMeasurements.echoThroughputMiBps(server, sizes.echoBytes);
					if (round > 0) {
						pingPong.get(subject).add(micros);
						throughput.get(subject).add(mibps);
					}
				}
			}
		}
		report.baseline(PING_PONG, RAW_UNIX);
		report.baseline(THROUGHPUT, RAW_UNIX);
		report.goal(THROUGHPUT, OURS, RAW_UNIX, true, 0.95);
		report.goal(PING_PONG, OURS, RAW_UNIX, false, 1.10);
		for (String peer : List.of(NETTY, TCP)) {
			report.goal(THROUGHPUT, OURS, peer, true, 1.0);
			report.goal(PING_PONG, OURS, peer, false, 1.0);
		}
	}

	private static void connectionRateScenarios(Report report, Sizes sizes, Path sockets) throws Exception {
		String scenario = "connection rate (" + ConnectionRate.CLIENT_THREADS + " client threads)";
		// queue count 0 stands for the raw JDK server, -1 for the raw JDK server with a pool, -3
		// for that server making our listener's default peer check, -2 for the starter's path
		// (listener, dispatcher, Boot's executor)
		PeerCheck peerCheck = PeerCheck.ofCurrentUser();
		Map<Integer, Measurement> subjects = new LinkedHashMap<>();
		subjects.put(0, report.measurement(scenario, RAW_UNIX, "conn/s", true));
		subjects.put(-1, report.measurement(scenario, RAW_UNIX_POOL, "conn/s", true));
		subjects.put(-3, report.measurement(scenario, RAW_UNIX_POOL_CHECKED, "conn/s", true));
		for (int queues : List.of(1, 2, 8, 16)) {
			subjects.put(queues, report.measurement(scenario, OURS + " " + queues + " queues", "conn/s", true));
		}
		subjects.put(-2, report.measurement(scenario, OURS_DISPATCHED, "conn/s", true));
		for (int round = 0; round <= sizes.rounds; round++) {
			for (int queues : SubjectOrder.forRound(List.copyOf(subjects.keySet()), round)) {
				double rate = switch (queues) {
					case 0 -> ConnectionRate.jdkUnix(sockets.resolve("rate-raw"), sizes.connections);
					case -1 -> ConnectionRate.jdkUnixWithPool(sockets.resolve("rate-pool"), sizes.connections, null);
					case -3 -> ConnectionRate.jdkUnixWithPool(sockets.resolve("rate-pool-checked"), sizes.connections,
							peerCheck);
					case -2 -> ConnectionRate.dispatched(sockets.resolve("rate-dispatched"), sizes.connections);
					default -> ConnectionRate.namedPipe(sockets.resolve("rate-ours"), queues, sizes.connections);
				};
				if (round > 0) {
					subjects.get(queues).add(rate);
				}
			}
		}
		report.baseline(scenario, RAW_UNIX);
		Measurement best = subjects.entrySet()
			.stream()
			.filter((subject) -> subject.getKey() > 0)
			.map(Map.Entry::getValue)
			.max(Comparator.comparingDouble(Measurement::median))
			.orElseThrow();
		report.goal(scenario, best.subject(), RAW_UNIX, true, 0.9);
		report.goal(scenario, best.subject(), RAW_UNIX_POOL, true, 1.0);
		report.goal(scenario, best.subject(), RAW_UNIX_POOL_CHECKED, true, 1.0);
	}

	/** The scenarios, selectable with {@code -Dbenchmark.scenarios=echo,http} (default: all). */
	enum Scenario {

		ECHO, CONNECTIONS, HTTP, MEMORY, STARTUP, CLIENT, GRPC;

		static Set<Scenario> parse(String list) {
			if (list.isBlank()) {
				return EnumSet.allOf(Scenario.class);
			}
			Set<Scenario> scenarios = EnumSet.noneOf(Scenario.class);
			for (String name : list.split(",")) {
				try {
					scenarios.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("Unknown benchmark scenario '" + name.trim()
							+ "' in benchmark.scenarios; known: " + EnumSet.allOf(Scenario.class), ex);
				}
			}
			return scenarios;
		}

	}

	enum Sizes {

		SMOKE(2, 2_000, 8L << 20, 500, 0, 1, 10, 1, 200), FULL(7, 50_000, 512L << 20, 60_000, 1, 7, 50, 5, 5_000);

		final int rounds;

		final int roundTrips;

		final long echoBytes;

		final int connections;

		/** Discarded warm-up rounds of the scenarios that start processes (HTTP, memory, startup). */
		final int processWarmUpRounds;

		/** Measured rounds of the scenarios that start processes. */
		final int processRounds;

		final int httpConnections;

		final int httpSeconds;

		final int idleConnections;

		Sizes(int rounds, int roundTrips, long echoBytes, int connections, int processWarmUpRounds, int processRounds,
				int httpConnections, int httpSeconds, int idleConnections) {
			this.rounds = rounds;
			this.roundTrips = roundTrips;
			this.echoBytes = echoBytes;
			this.connections = connections;
			this.processWarmUpRounds = processWarmUpRounds;
			this.processRounds = processRounds;
			this.httpConnections = httpConnections;
			this.httpSeconds = httpSeconds;
			this.idleConnections = idleConnections;
		}

		int processRoundsWithWarmUp() {
			return this.processWarmUpRounds + this.processRounds;
		}

		boolean isMeasured(int processRound) {
			return processRound >= this.processWarmUpRounds;
		}

	}

}
