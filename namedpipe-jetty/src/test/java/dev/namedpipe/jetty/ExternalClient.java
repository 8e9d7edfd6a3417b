package dev.namedpipe.jetty;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a client program (curl, python3, a C# program under mono) with its output in files,
 * so that no pipe to the test JVM is left open.
 */
final class ExternalClient {

	static final String MONO_PACKAGES = "apt-get install mono-mcs mono-runtime libmono-system-core4.0-cil";

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

	/**
	 * Compiles resource {@code <name>.cs} (next to this class) with Mono's {@code mcs}, to be
	 * run with {@code mono}.
	 * @param workDirectory where the source and the executable go
	 * @param name the program's name
	 * @return the executable
	 */
	static Path compileCSharp(Path workDirectory, String name) throws IOException, InterruptedException {
		RequiredTool.require("mcs", MONO_PACKAGES);
		RequiredTool.require("mono", MONO_PACKAGES);
		Path source = workDirectory.resolve(name + ".cs");
		try (InputStream in = ExternalClient.class.getResourceAsStream(name + ".cs")) {
			Files.copy(in, source);
		}
		Path executable = workDirectory.resolve(name + ".exe");
		ExternalClient mcs = run(workDirectory, "mcs", "-out:" + executable, source.toString());
		assertThat(mcs.exitCode()).as("mcs: %s", mcs).isZero();
		return executable;
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
