package dev.namedpipe.jetty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program no one here wrote (curl, python3) with its output in files, so that
 * no pipe to the test JVM is left open.
 */
final class ExternalClient {

	private static final long TIMEOUT_MINUTES = 2;

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private ExternalClient(Process process, Path stdout, Path stderr) {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	static ExternalClient start(Path workDirectory, String... command) throws IOException {
		Path stdout = Files.createTempFile(workDirectory, "out", ".txt");
		Path stderr = Files.createTempFile(workDirectory, "err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		return new ExternalClient(builder.start(), stdout, stderr);
	}

	static ExternalClient run(Path workDirectory, String... command) throws IOException, InterruptedException {
		ExternalClient client = start(workDirectory, command);
		client.await();
		return client;
	}

	static String[] curl(Path socket, String... arguments) {
		List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--unix-socket",
				socket.toString()));
		command.addAll(List.of(arguments));
		return command.toArray(String[]::new);
	}

	ExternalClient await() throws InterruptedException {
		if (!this.process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			this.process.destroyForcibly().waitFor();
			throw new AssertionError("Client did not finish: " + this.process.info().commandLine().orElse("?"));
		}
		return this;
	}

	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	int exitCode() {
		return this.process.exitValue();
	}

	String stdout() throws IOException {
		return Files.readString(this.stdout, StandardCharsets.UTF_8);
	}

	String stderr() throws IOException {
		return Files.readString(this.stderr, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		try {
			return "exit " + exitCode() + ", stdout: " + stdout() + ", stderr: " + stderr();
		}
		catch (IOException ex) {
			return "exit " + exitCode() + " (output unreadable: " + ex + ")";
		}
	}

}
