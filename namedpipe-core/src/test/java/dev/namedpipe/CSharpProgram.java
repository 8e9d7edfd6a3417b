package dev.namedpipe;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A C# program of the test resources, compiled with Mono's {@code mcs} into a directory and
 * run with {@code mono}, its stdout and stderr in one file (no pipe to the test JVM stays
 * open). Without Mono the test is skipped, or fails when {@code CI=true}
 * ({@link RequiredTool}).
 */
final class CSharpProgram {

	static final String MONO_PACKAGES = "apt-get install mono-mcs mono-runtime libmono-system-core4.0-cil";

	private static final long TIMEOUT_SECONDS = 60;

	private final Path directory;

	private final Path executable;

	private CSharpProgram(Path directory, Path executable) {
		this.directory = directory;
		this.executable = executable;
	}

	/**
	 * Compiles resource {@code <name>.cs} (next to this class) into {@code <name>.exe}.
	 * @param directory where the source, the executable and the output files go
	 * @param name the program's name
	 * @return the program
	 */
	static CSharpProgram compile(Path directory, String name) throws IOException, InterruptedException {
		RequiredTool.require("mcs", MONO_PACKAGES);
		RequiredTool.require("mono", MONO_PACKAGES);
		Path source = directory.resolve(name + ".cs");
		try (InputStream in = CSharpProgram.class.getResourceAsStream(name + ".cs")) {
			Files.copy(in, source);
		}
		Path executable = directory.resolve(name + ".exe");
		TestPipes.ProcessResult mcs = TestPipes.run(List.of("mcs", "-out:" + executable, source.toString()), null);
		assertThat(mcs.exitCode()).as("mcs: %s", mcs.output()).isZero();
		return new CSharpProgram(directory, executable);
	}

	/**
	 * Starts the program.
	 * @param environment variables to set for it
	 * @param arguments its arguments
	 * @return the running program; closing it kills it if it still runs
	 */
	Running start(Map<String, String> environment, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("mono", this.executable.toString()));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile(this.directory, "mono", ".out");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(environment);
		return new Running(builder.start(), output);
	}

	static final class Running implements AutoCloseable {

		private final Process process;

		private final Path output;

		private Running(Process process, Path output) {
			this.process = process;
			this.output = output;
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		String output() {
			try {
				return Files.readString(this.output);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Waits for the program to end.
		 * @return its exit code and output
		 */
		TestPipes.ProcessResult await() throws InterruptedException {
			if (!this.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new AssertionError("C# program did not finish; output: " + output());
			}
			return new TestPipes.ProcessResult(this.process.exitValue(), output());
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroyForcibly().waitFor();
		}

	}

}
