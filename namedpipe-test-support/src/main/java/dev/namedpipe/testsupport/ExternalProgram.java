package dev.namedpipe.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A program no one here wrote (curl, python3, socat, mono, node, a packaged application) run
 * as a process with its input empty and its output in files, so that no pipe to the test JVM
 * stays open. Closing it kills it if it still runs. Once it has ended, its output files are
 * free to delete on every platform.
 */
public final class ExternalProgram implements AutoCloseable {

	private static final long TIMEOUT_MINUTES = 5;

	private static final long RELEASE_SECONDS = 30;

	private final List<String> command;

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private ExternalProgram(List<String> command, Process process, Path stdout, Path stderr) {
		this.command = command;
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/**
	 * Starts a command.
	 * @param workDirectory where its output files go
	 * @param environment variables to add to this process's environment
	 * @param command the command and its arguments
	 * @return the running program
	 * @throws IOException when it cannot be started
	 */
	public static ExternalProgram start(Path workDirectory, Map<String, String> environment, List<String> command)
			throws IOException {
		Path stdout = Files.createTempFile(workDirectory, "out", ".txt");
		Path stderr = Files.createTempFile(workDirectory, "err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File(TestPlatform.isWindows() ? "NUL" : "/dev/null")));
		builder.environment().putAll(environment);
		return new ExternalProgram(List.copyOf(command), builder.start(), stdout, stderr);
	}

	/**
	 * Starts a command.
	 * @param workDirectory where its output files go
	 * @param command the command and its arguments
	 * @return the running program
	 * @throws IOException when it cannot be started
	 */
	public static ExternalProgram start(Path workDirectory, String... command) throws IOException {
		return start(workDirectory, Map.of(), List.of(command));
	}

	/**
	 * Runs a command to its end.
	 * @param workDirectory where its output files go
	 * @param command the command and its arguments
	 * @return the ended program
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static ExternalProgram run(Path workDirectory, String... command) throws IOException, InterruptedException {
		return start(workDirectory, command).await();
	}

	/**
	 * Copies a script or source of the test resources into a directory, to be given to a
	 * program.
	 * @param resourceBase the class next to which the resource lies
	 * @param name the resource's name
	 * @param directory where the copy goes
	 * @return the copy
	 * @throws IOException when it cannot be copied
	 */
	public static Path copyResource(Class<?> resourceBase, String name, Path directory) throws IOException {
		Path copy = directory.resolve(name);
		try (InputStream in = resourceBase.getResourceAsStream(name)) {
			if (in == null) {
				throw new IOException("No resource " + name + " next to " + resourceBase.getName());
			}
			Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
		}
		return copy;
	}

	/**
	 * Waits for the program to end; one that does not end in 5 minutes is killed and fails
	 * the test.
	 * @return this program
	 * @throws InterruptedException when interrupted while waiting
	 */
	public ExternalProgram await() throws InterruptedException {
		if (!this.process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			kill();
			throw new AssertionError("Did not finish within " + TIMEOUT_MINUTES + " minutes: " + this);
		}
		awaitOutputReleased();
		return this;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	public int exitCode() {
		return this.process.exitValue();
	}

	public String stdout() {
		return read(this.stdout);
	}

	public String stderr() {
		return read(this.stderr);
	}

	/**
	 * Asks the program to end (SIGTERM on Unix) and waits for it.
	 * @throws InterruptedException when interrupted while waiting
	 */
	public void stop() throws InterruptedException {
		this.process.destroy();
		await();
	}

	/**
	 * Kills the program and waits for it to be gone.
	 * @throws InterruptedException when interrupted while waiting
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
		awaitOutputReleased();
	}

	// Windows (seen under Wine) may hold the output files of a program that has just ended a
	// moment longer, and the test's directory is deleted right after it: wait, at most
	// RELEASE_SECONDS, until they could be deleted, which is when they can be renamed.
	private void awaitOutputReleased() {
		if (TestPlatform.isWindows()) {
			for (Path file : List.of(this.stdout, this.stderr)) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(RELEASE_SECONDS))
					.ignoreException(FileSystemException.class)
					.until(() -> renamable(file));
			}
		}
	}

	private static boolean renamable(Path file) throws IOException {
		Path aside = file.resolveSibling(file.getFileName() + ".released");
		Files.move(file, aside);
		Files.move(aside, file);
		return true;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		String state = this.process.isAlive() ? "running" : "exit " + this.process.exitValue();
		return this.command + " (" + state + "), stdout: " + stdout() + ", stderr: " + stderr();
	}

}
