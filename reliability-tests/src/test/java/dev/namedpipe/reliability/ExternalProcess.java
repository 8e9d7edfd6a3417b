package dev.namedpipe.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program no one here wrote (python3, a packaged application) run as a process with its
 * output in files, so that no pipe to the test JVM stays open.
 */
record ExternalProcess(List<String> command, Process process, Path stdout, Path stderr) {

	private static final long TIMEOUT_MINUTES = 5;

	static ExternalProcess start(Path workDirectory, String... command) throws IOException {
		Path stdout = Files.createTempFile(workDirectory, "out", ".txt");
		Path stderr = Files.createTempFile(workDirectory, "err", ".txt");
		Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		return new ExternalProcess(List.of(command), process, stdout, stderr);
	}

	/** Starts the command and waits for it to end. */
	static ExternalProcess run(Path workDirectory, String... command) throws IOException, InterruptedException {
		ExternalProcess started = start(workDirectory, command);
		started.waitFor();
		return started;
	}

	void waitFor() throws InterruptedException {
		if (!this.process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			this.process.destroyForcibly().waitFor();
			throw new IllegalStateException("Timed out: " + this);
		}
	}

	int exitCode() {
		return this.process.exitValue();
	}

	String output() throws IOException {
		return Files.readString(this.stdout);
	}

	String errors() throws IOException {
		return Files.readString(this.stderr);
	}

	@Override
	public String toString() {
		try {
			return this.command + " stdout: " + output() + " stderr: " + errors();
		}
		catch (IOException ex) {
			return this.command + " (output unreadable: " + ex + ")";
		}
	}

}
