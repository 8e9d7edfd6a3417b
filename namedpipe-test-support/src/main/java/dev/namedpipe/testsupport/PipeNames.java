package dev.namedpipe.testsupport;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Pipe names for tests, unique in this run, on both platforms: a short socket path in a
 * directory of the test's own on Unix (socket paths are limited to 107 bytes), a name made
 * unique by that directory's name on Windows (where the directory holds no pipe).
 */
public final class PipeNames {

	private static final int RELEASE_SECONDS = 30;

	private static final AtomicInteger sequence = new AtomicInteger();

	private PipeNames() {
	}

	/**
	 * A short private directory: under {@code /tmp} on Unix, the temporary directory on
	 * Windows.
	 * @return the new directory
	 * @throws IOException when it cannot be created
	 */
	public static Path shortTempDirectory() throws IOException {
		return TestPlatform.isWindows() ? Files.createTempDirectory("npt")
				: Files.createTempDirectory(Path.of("/tmp"), "npt");
	}

	/**
	 * Deletes a test's directory with what is left in it (the output files of the programs it
	 * ran); a socket file still there is the test's own assertion to make, before. On
	 * Windows a file still open elsewhere (a program that has just ended may hold its output
	 * files a moment longer: seen under Wine as a sharing violation) is deleted once released,
	 * within {@value #RELEASE_SECONDS} seconds.
	 * @param directory the directory
	 * @throws IOException when something cannot be deleted
	 * @throws org.awaitility.core.ConditionTimeoutException when a file stays open on Windows
	 */
	public static void deleteDirectory(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				if (TestPlatform.isWindows()) {
					await().atMost(Duration.ofSeconds(RELEASE_SECONDS))
						.ignoreException(FileSystemException.class)
						.until(() -> deleted(file));
				}
				else {
					Files.delete(file);
				}
			}
		}
	}

	private static boolean deleted(Path file) throws IOException {
		Files.deleteIfExists(file);
		return true;
	}

	/**
	 * A pipe name of its own, for {@code NamedPipeEndPoint.of}.
	 * @param directory a directory from {@link #shortTempDirectory()}
	 * @return the name: an absolute socket path on Unix, a plain name on Windows
	 */
	public static String uniqueIn(Path directory) {
		String name = "p" + sequence.incrementAndGet();
		return TestPlatform.isWindows() ? directory.getFileName() + "-" + name : directory.resolve(name).toString();
	}

}
