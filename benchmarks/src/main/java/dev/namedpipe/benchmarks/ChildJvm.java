package dev.namedpipe.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server under test in a JVM process of its own: it is started, waited for until it prints a
 * line saying it is ready, asked questions on its standard input, and destroyed.
 */
final class ChildJvm implements AutoCloseable {

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(120);

	private final String name;

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final PrintWriter input;

	private ChildJvm(String name, Process process) {
		this.name = name;
		this.process = process;
		this.input = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
		Thread pump = new Thread(this::pumpOutput, "child-output-" + name);
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * Runs {@code mainClass} on this JVM's class path, through {@code launcher} (e.g.
	 * {@code prlimit ... --}) when it is not empty.
	 */
	static ChildJvm start(String name, List<String> launcher, List<String> jvmOptions, String mainClass,
			List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(launcher);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(arguments);
		return start(name, command);
	}

	static ChildJvm start(String name, List<String> command) throws IOException {
		return new ChildJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	private void pumpOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	long pid() {
		return this.process.pid();
	}

	/** Waits for the first output line that {@code wanted} accepts, failing with the output seen. */
	String awaitLine(Predicate<String> wanted) throws InterruptedException {
		long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
		List<String> seen = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
			if (line != null) {
				if (wanted.test(line)) {
					return line;
				}
				seen.add(line);
			}
			else if (!this.process.isAlive() && this.lines.isEmpty()) {
				break;
			}
		}
		throw new IllegalStateException(this.name + " gave no expected line (alive: " + this.process.isAlive()
				+ "); its output:\n" + String.join("\n", seen.subList(Math.max(0, seen.size() - 40), seen.size())));
	}

	/** Sends a command line and returns the answer line that starts with the same word. */
	String ask(String command) throws InterruptedException {
		this.input.println(command);
		return this.awaitLine((line) -> line.startsWith(command + " "));
	}

	/** The resident set size of the process, from {@code /proc}. */
	long residentKib() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("No VmRSS for " + this.name);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
