package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load client: {@code autocannon} from npm (written by others, with a socket-path
 * option), installed once at a pinned version under the tools directory.
 */
final class Autocannon {

	static final String VERSION = "8.0.0";

	private static final Pattern REQUESTS_AVERAGE = Pattern.compile("\"requests\":\\{[^}]*\"average\":([0-9.]+)");

	private static final Pattern THROUGHPUT_AVERAGE = Pattern.compile("\"throughput\":\\{[^}]*\"average\":([0-9.]+)");

	private final Path script;

	private Autocannon(Path script) {
		this.script = script;
	}

	/** Installs autocannon with npm under {@code tools} unless it is there. */
	static Autocannon install(Path tools) throws IOException, InterruptedException {
		Path script = tools.resolve("node_modules/autocannon/autocannon.js");
		if (!Files.isRegularFile(script) || !Files.readString(tools.resolve("node_modules/autocannon/package.json"))
			.contains("\"version\": \"" + VERSION + "\"")) {
			Files.createDirectories(tools);
			run(List.of("npm", "install", "--prefix", tools.toString(), "--no-audit", "--no-fund",
					"autocannon@" + VERSION), Duration.ofMinutes(5));
		}
		return new Autocannon(script);
	}

	/**
	 * Loads one URL path for {@code duration} over {@code connections} keep-alive connections,
	 * on a Unix socket when {@code socket} is not null, else on TCP {@code port}.
	 */
	Result load(Path socket, int port, String path, int connections, Duration duration)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node", this.script.toString(), "--json", "--connections",
				Integer.toString(connections), "--duration", Long.toString(duration.toSeconds())));
		if (socket != null) {
			command.addAll(List.of("--socketPath", socket.toString()));
		}
		command.add("http://localhost" + ((socket != null) ? "" : ":" + port) + path);
		String json = run(command, duration.plusMinutes(1));
		Result result = new Result(number(REQUESTS_AVERAGE, json), number(THROUGHPUT_AVERAGE, json) / (1024 * 1024),
				(long) number(Pattern.compile("\"errors\":([0-9]+)"), json),
				(long) number(Pattern.compile("\"non2xx\":([0-9]+)"), json));
		if (result.errors() > 0 || result.non2xx() > 0 || result.requestsPerSecond() <= 0) {
			throw new IllegalStateException("autocannon " + path + " on " + ((socket != null) ? socket : port)
					+ " failed: " + json);
		}
		return result;
	}

	private static double number(Pattern pattern, String json) {
		Matcher matcher = pattern.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected autocannon output: " + json);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		Path output = Files.createTempFile("autocannon", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException("Timed out: " + command);
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Exit " + process.exitValue() + " from " + command + ": " + text);
			}
			return text;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/** Mean requests per second, mean MiB per second, and the failures autocannon counted. */
	record Result(double requestsPerSecond, double mibPerSecond, long errors, long non2xx) {
	}

}
