package dev.namedpipe.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 5: the time the starter adds to the sample app's startup. The sample app's jar runs
 * with the starter switched off ({@code namedpipe.enabled=false}) and listening on a pipe, in
 * turn; the figure is Spring Boot's own "process running for" at its 'Started' line, which
 * counts from the JVM's start.
 */
final class StartupScenario {

	static final String SCENARIO = "sample app startup";

	static final String WITHOUT = "starter disabled";

	static final String WITH = "starter listening on a pipe (ours)";

	private static final Pattern STARTED = Pattern.compile("Started .* \\(process running for ([0-9.]+)\\)");

	private StartupScenario() {
	}

	static void run(Report report, BenchmarkMain.Sizes sizes, Path sampleJar) throws Exception {
		if (!Files.isRegularFile(sampleJar)) {
			throw new IllegalStateException("No sample app jar at " + sampleJar
					+ ": build it first (./mvnw -pl sample-app -am -DskipTests package)");
		}
		String pipe = "npbench-startup-" + ProcessHandle.current().pid();
		Map<String, Measurement> settings = new LinkedHashMap<>();
		settings.put("--namedpipe.enabled=false", report.measurement(SCENARIO, WITHOUT, "ms", false));
		settings.put("--namedpipe.name=" + pipe, report.measurement(SCENARIO, WITH, "ms", false));
		for (int round = 0; round < sizes.processRoundsWithWarmUp(); round++) {
			for (String setting : SubjectOrder.forRound(List.copyOf(settings.keySet()), round)) {
				double millis = startupMillis(sampleJar, setting);
				if (sizes.isMeasured(round)) {
					settings.get(setting).add(millis);
				}
			}
		}
		report.baseline(SCENARIO, WITHOUT);
	}

	private static double startupMillis(Path sampleJar, String pipeSetting) throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				sampleJar.toString(), "--server.port=0", pipeSetting);
		try (ChildJvm sample = ChildJvm.start("sample app " + pipeSetting, command)) {
			Matcher started = STARTED.matcher(sample.awaitLine((line) -> STARTED.matcher(line).find()));
			started.find();
			return Double.parseDouble(started.group(1)) * 1000;
		}
	}

}
