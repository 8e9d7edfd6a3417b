package dev.namedpipe.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A program a test runs (socat, python3, mono, node...): missing, the test is skipped with
 * what to install, unless the environment variable {@code CI} is {@code true}, where it
 * fails (CI installs every tool the tests need, so a skip there would hide a lost test).
 */
public final class RequiredTool {

	private RequiredTool() {
	}

	/**
	 * Requires a command on the {@code PATH}.
	 * @param command the command ({@code .exe} is tried too on Windows)
	 * @param installHint how to install it, e.g. {@code apt-get install socat}
	 */
	public static void require(String command, String installHint) {
		String message = command + " is missing: " + installHint;
		if (!isInstalled(command) && "true".equals(System.getenv("CI"))) {
			throw new AssertionError(message + " (required when CI=true)");
		}
		Assumptions.assumeTrue(isInstalled(command), message);
	}

	/**
	 * Whether a command is on the {@code PATH}.
	 * @param command the command
	 * @return {@code true} when an executable of that name is found
	 */
	public static boolean isInstalled(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.flatMap((directory) -> Stream.of(Path.of(directory, command), Path.of(directory, command + ".exe")))
			.anyMatch(Files::isExecutable);
	}

}
