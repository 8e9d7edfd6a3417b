package dev.namedpipe.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the packaged sample application while clients load it, then a restart
 * on the same pipe: the stale socket file left by the crash is replaced and the new process
 * serves at once, every time.
 */
@UnixOnly("the stale socket file a kill -9 leaves for the restart to replace (a killed Windows process's pipe instances close with it)")
class CrashRestartIT {

	private static final int RESTARTS = Integer.getInteger("reliability.restarts", 20);

	private static final int LOAD_CLIENTS = 4;

	/** What each load client exchanges before the kill: every one is connected and served. */
	private static final int EXCHANGES_PER_CLIENT = 50;

	/** JVM and Spring Boot start; 36 s were seen on two cores shared with other builds. */
	private static final Duration STARTUP = Duration.ofMinutes(3);

	private Process application;

	@Test
	void servesAgainAtOnceAfterKillNineUnderLoad(@TempDir Path directory) throws Exception {
		try {
			killAndRestart(directory);
		}
		finally {
			if (this.application != null) {
				this.application.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	private void killAndRestart(Path directory) throws Exception {
		Path socket = directory.resolve("crash.sock");
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(socket.toString());
		long totalExchanges = 0;
		long slowestStartMillis = 0;
		for (int run = 0; run <= RESTARTS; run++) {
			Path log = directory.resolve("application-" + run + ".log");
			long started = System.nanoTime();
			this.application = start(socket, log);
			// A process that died stops the wait at once, with its log; a running one gets its
			// start allowance to answer.
			await().atMost(STARTUP)
				.failFast("the application exited while starting", () -> assertThat(this.application.isAlive())
					.as("application running, log:%n%s", Files.readString(log)).isTrue())
				.untilAsserted(() -> assertThat(echoOnce(endPoint)).as("answer to echo, log:%n%s", Files.readString(log))
					.isEqualTo("ping"));
			slowestStartMillis = Math.max(slowestStartMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			if (run == RESTARTS) {
				break;
			}
			totalExchanges += killUnderLoad(endPoint);
			assertThat(this.application.exitValue()).isEqualTo(137);
			assertThat(socket).as("the crashed process's stale socket file").exists();
			assertThat(Files.readString(log)).doesNotContain("ERROR");
		}
		this.application.destroy();
		assertThat(this.application.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(socket).doesNotExist();
		Figures.report("kill -9 and restart", "restarts=%d exchanges under load before the kills=%d slowest start to first answer=%d ms",
				RESTARTS, totalExchanges, slowestStartMillis);
	}

	/**
	 * Clients exchange lines until the application is killed in their midst. The kill waits
	 * until every client is connected and has had its answers: a client still connecting
	 * when the server dies would wait out its connect timeout against the stale socket file.
	 */
	private long killUnderLoad(NamedPipeEndPoint endPoint) throws Exception {
		AtomicLongArray exchanges = new AtomicLongArray(LOAD_CLIENTS);
		AtomicBoolean killed = new AtomicBoolean();
		List<CompletableFuture<Void>> clients = new ArrayList<>();
		for (int i = 0; i < LOAD_CLIENTS; i++) {
			int client = i;
			clients.add(Background.call("load-" + i, () -> {
				try (NamedPipeConnection connection = Pipes.connect(endPoint)) {
					Writer out = new OutputStreamWriter(connection.outputStream(), StandardCharsets.UTF_8);
					BufferedReader in = new BufferedReader(new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
					while (true) {
						out.write("echo load\n");
						out.flush();
						String answer = in.readLine();
						if (answer == null) {
							break;
						}
						assertThat(answer).isEqualTo("load");
						exchanges.incrementAndGet(client);
					}
				}
				catch (IOException ex) {
					// the server died in the middle of an exchange
				}
				assertThat(killed).as("a client lost its connection before the kill").isTrue();
				return null;
			}));
		}
		await().atMost(Pipes.WAIT)
			.failFast("a load client ended before the kill", () -> clients.forEach((client) -> assertThat(client).isNotDone()))
			.until(() -> IntStream.range(0, LOAD_CLIENTS).allMatch((i) -> exchanges.get(i) >= EXCHANGES_PER_CLIENT));
		killed.set(true);
		this.application.destroyForcibly();
		assertThat(this.application.waitFor(30, TimeUnit.SECONDS)).isTrue();
		// Each client is past its connect: the kill ends its read or write at once.
		for (CompletableFuture<Void> client : clients) {
			client.get(30, TimeUnit.SECONDS);
		}
		return IntStream.range(0, LOAD_CLIENTS).mapToLong(exchanges::get).sum();
	}

	/** One echo, or what went wrong: the application may still be starting. */
	private static String echoOnce(NamedPipeEndPoint endPoint) {
		try (NamedPipeConnection connection = NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
				Duration.ofSeconds(1))) {
			connection.outputStream().write("echo ping\n".getBytes(StandardCharsets.UTF_8));
			connection.outputStream().flush();
			return new BufferedReader(new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8)).readLine();
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static Process start(Path socket, Path log) throws IOException {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("system property sample.jar (set by the failsafe plugin)").isNotNull();
		assertThat(Path.of(jar)).exists();
		return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
				"--namedpipe.name=" + socket, "--server.port=0")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

}
