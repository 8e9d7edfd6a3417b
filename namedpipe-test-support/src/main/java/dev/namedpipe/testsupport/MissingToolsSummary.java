package dev.namedpipe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Prints what {@link MissingToolsListener} recorded in a module: each missing tool (or root),
 * how to install it, and the tests it skipped. Run by the build at the end of each module's
 * {@code verify} (exec-maven-plugin, execution {@code missing-tools}), where the test JVMs'
 * output no longer reaches the console.
 */
public final class MissingToolsSummary {

	private MissingToolsSummary() {
	}

	/**
	 * Prints the summary of a module's {@code target/missing-tools} for this build, nothing
	 * when nothing was skipped.
	 * @param arguments the directory, and the instant the build started (ISO-8601), before
	 * which a file is of an earlier build (of a test class that did not run this time)
	 */
	public static void main(String[] arguments) {
		System.out.print(of(Path.of(arguments[0]), Instant.parse(arguments[1])));
	}

	/**
	 * The summary of a module's {@code target/missing-tools}.
	 * @param directory the directory
	 * @param since the files written from then on count
	 * @return the summary, empty when nothing was skipped
	 */
	public static String of(Path directory, Instant since) {
		Map<String, List<String>> testsByReason = new TreeMap<>();
		for (String line : lines(directory, since)) {
			int separator = line.indexOf(": ");
			testsByReason.computeIfAbsent(line.substring(separator + 2), (reason) -> new ArrayList<>())
				.add(line.substring(0, separator));
		}
		if (testsByReason.isEmpty()) {
			return "";
		}
		StringBuilder summary = new StringBuilder("Skipped for a missing tool or root (listed in " + directory
				+ "; with " + RequiredTool.CI + "=true they fail instead):\n");
		testsByReason.forEach((reason, tests) -> {
			summary.append("  ").append(reason).append(": ").append(tests.size()).append(" skipped\n");
			tests.forEach((test) -> summary.append("      ").append(test).append('\n'));
		});
		return summary.toString();
	}

	private static List<String> lines(Path directory, Instant since) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			List<String> lines = new ArrayList<>();
			for (Path file : files.sorted().toList()) {
				if (!Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
					lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
