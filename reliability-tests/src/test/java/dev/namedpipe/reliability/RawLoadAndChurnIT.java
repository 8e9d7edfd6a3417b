package dev.namedpipe.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load and churn on the raw transport, on both platforms: Kestrel's 10 clients x 250
 * connections at queue counts 1, 4 and 16, 50,000 sequential one-byte exchanges from JDK
 * clients ({@code reliability.sequentialConnections}), and on Unix 5,000 from a
 * {@code python3} process.
 * No exchange may fail, and descriptors, threads and heap return to their baseline.
 */
class RawLoadAndChurnIT {

	private static final long HEAP_SLACK = 8 * 1024 * 1024;

	/** 50,000 by default; the Windows run under Wine takes 5,000 (some 5 ms a connection there). */
	private static final int SEQUENTIAL = Integer.getInteger("reliability.sequentialConnections", 50_000);

	@TempDir
	Path directory;

	private Path shortDirectory;

	private NamedPipeEndPoint endPoint;

	private ProcessResources baseline;

	@BeforeEach
	void warmUpAndTakeBaseline() throws Exception {
		this.shortDirectory = Pipes.shortDirectory();
		this.endPoint = Pipes.endPointIn(this.shortDirectory);
		// first use loads classes and opens descriptors the JVM keeps (e.g. the JDK's selector)
		runListener(() -> exchange(100));
		this.baseline = settledResources();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		assertThat(this.shortDirectory).isEmptyDirectory();
		Files.delete(this.shortDirectory);
	}

	@ParameterizedTest(name = "listener-queue-count={0}")
	@ValueSource(ints = { 1, 4, 16 })
	void tenClientsTimesTwoHundredFiftyConnections(int queueCount) throws Exception {
		AtomicInteger failures = new AtomicInteger();
		int served = runListener(queueCount, () -> {
			List<CompletableFuture<Integer>> clients = new ArrayList<>();
			for (int client = 0; client < 10; client++) {
				clients.add(Background.call("client-" + client, () -> exchangeCounting(250, failures)));
			}
			int succeeded = 0;
			for (CompletableFuture<Integer> client : clients) {
				succeeded += client.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			assertThat(succeeded).isEqualTo(2500);
		});
		assertThat(failures).hasValue(0);
		assertThat(served).isEqualTo(2500);
		assertBackToBaseline("10 clients x 250 connections, listener-queue-count=" + queueCount, 2500);
	}

	@Test
	void sequentialOneByteExchanges() throws Exception {
		AtomicInteger failures = new AtomicInteger();
		int served = runListener(() -> assertThat(exchangeCounting(SEQUENTIAL, failures)).isEqualTo(SEQUENTIAL));
		assertThat(failures).hasValue(0);
		assertThat(served).isEqualTo(SEQUENTIAL);
		assertBackToBaseline(String.format("%,d sequential connections", SEQUENTIAL), SEQUENTIAL);
	}

	@Test
	@UnixOnly("a python3 client over the Unix socket")
	void pythonProcessMakesFiveThousandSequentialExchanges() throws Exception {
		RequiredTool.PYTHON3.require();
		String script = """
				import socket, sys
				path, count = sys.argv[1], int(sys.argv[2])
				ok = 0
				for i in range(count):
				    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				    s.connect(path)
				    s.sendall(bytes([i % 100]))
				    answer = s.recv(1)
				    s.close()
				    if answer == bytes([i % 100 + 1]):
				        ok += 1
				print(ok)
				""";
		Path scriptFile = this.directory.resolve("churn.py");
		Files.writeString(scriptFile, script);
		int served = runListener(() -> {
			ExternalProgram python = ExternalProgram.run(this.directory, "python3", scriptFile.toString(),
					this.endPoint.address(), "5000");
			assertThat(python.exitCode()).as("%s", python).isZero();
			assertThat(python.stdout().trim()).as("%s", python).isEqualTo("5000");
		});
		assertThat(served).isEqualTo(5000);
		assertBackToBaseline("python3 5,000 sequential connections", 5000);
	}

	private int exchangeCounting(int connections, AtomicInteger failures) {
		int succeeded = 0;
		for (int i = 0; i < connections; i++) {
			try {
				Pipes.exchangeOneByte(this.endPoint, i % 100);
				succeeded++;
			}
			catch (Exception ex) {
				failures.incrementAndGet();
			}
		}
		return succeeded;
	}

	private void exchange(int connections) throws Exception {
		for (int i = 0; i < connections; i++) {
			Pipes.exchangeOneByte(this.endPoint, i % 100);
		}
	}

	private int runListener(ClientLoad load) throws Exception {
		return runListener(NamedPipeTransportOptions.defaults().listenerQueueCount(), load);
	}

	private int runListener(int queueCount, ClientLoad load) throws Exception {
		NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build(), NamedPipeTransportObserver.NONE);
		CompletableFuture<Integer> server = Pipes.serveOneByteExchanges(listener);
		try {
			load.run();
			await().atMost(Pipes.WAIT).until(() -> listener.activeConnections() == 0);
		}
		finally {
			listener.close();
		}
		return server.get(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	private void assertBackToBaseline(String testCase, int connections) throws Exception {
		ProcessResources after = settledResources();
		Figures.report(testCase, "connections=%d failures=0 before[%s] after[%s]", connections, this.baseline, after);
		assertThat(after.handles()).isLessThanOrEqualTo(this.baseline.handles()); // a leak only grows
		assertThat(after.threads()).isLessThanOrEqualTo(this.baseline.threads());
		assertThat(after.heapAfterGc()).isLessThanOrEqualTo(this.baseline.heapAfterGc() + HEAP_SLACK);
	}

	/** Resources once the threads of the last exchanges have ended. */
	private ProcessResources settledResources() throws Exception {
		await().atMost(Pipes.WAIT).pollInSameThread().until(() -> exchangeThreads() == 0);
		return ProcessResources.settled();
	}

	/** Threads of the test's server and clients and of the transport. */
	private static long exchangeThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().equals("serve") || thread.getName().startsWith("client-")
					|| thread.getName().equals("accept") || thread.getName().startsWith("namedpipe-"))
			.count();
	}

	@FunctionalInterface
	interface ClientLoad {

		void run() throws Exception;

	}

}
