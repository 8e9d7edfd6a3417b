package dev.namedpipe.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idle connections held at once, then every one served: on Unix 5,000 from a {@code python3}
 * process (the open-file limit is raised with {@code prlimit} when it is too low), and on both
 * platforms 1,000 from the JDK's own clients ({@link RawPipeClient}) in this JVM; the server's
 * memory per idle connection (heap after GC, resident set) is measured and printed.
 */
class ManyIdleConnectionsIT {

	private static final int CONNECTIONS = Integer.getInteger("reliability.idleConnections", 5000);

	private static final int JDK_CLIENTS = 1000;

	private static final String CLIENT = """
			import socket, sys
			path, count = sys.argv[1], int(sys.argv[2])
			clients = []
			for i in range(count):
			    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			    client.connect(path)
			    clients.append(client)
			sys.stdin.readline()
			for i, client in enumerate(clients):
			    client.sendall(bytes([i % 100]))
			answered = 0
			for i, client in enumerate(clients):
			    if client.recv(1) == bytes([i % 100 + 1]):
			        answered += 1
			    client.close()
			print(answered)
			""";

	@TempDir
	Path directory;

	@Test
	@UnixOnly("a python3 client holding Unix socket connections")
	void holdsFiveThousandIdleConnectionsThenServesThemAll() throws Exception {
		RequiredTool.PYTHON3.require();
		raiseOpenFilesLimit(2L * CONNECTIONS + 1000);
		Path shortDirectory = Pipes.shortDirectory();
		NamedPipeEndPoint endPoint = Pipes.endPointIn(shortDirectory);
		Path script = this.directory.resolve("idle.py");
		Files.writeString(script, CLIENT);
		warmUp(endPoint);
		ProcessResources before = ProcessResources.settled();

		NamedPipeConnectionListener listener = Pipes.bind(endPoint, NamedPipeTransportObserver.NONE);
		Path output = this.directory.resolve("idle.out");
		Process python = new ProcessBuilder("python3", script.toString(), endPoint.address(), String.valueOf(CONNECTIONS))
			.redirectOutput(output.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		List<NamedPipeConnection> held = new ArrayList<>(CONNECTIONS);
		try {
			while (held.size() < CONNECTIONS) {
				held.add(Pipes.accept(listener,
						() -> "only " + held.size() + " connections arrived; python alive: " + python.isAlive()));
			}
			assertThat(listener.activeConnections()).isEqualTo(CONNECTIONS);
			ProcessResources holding = ProcessResources.now();
			long heapPerConnection = (holding.heapAfterGc() - before.heapAfterGc()) / CONNECTIONS;
			long rssPerConnection = (holding.residentSetSize() - before.residentSetSize()) / CONNECTIONS;
			Figures.report("5,000 idle connections", "connections=%d held before[%s] holding[%s] heap/connection=%dB rss/connection=%dB",
					CONNECTIONS, before, holding, heapPerConnection, rssPerConnection);
			assertThat(holding.handles() - before.handles()).isBetween((long) CONNECTIONS,
					CONNECTIONS + 10L);

			try (OutputStream go = python.getOutputStream()) {
				go.write("go\n".getBytes(StandardCharsets.US_ASCII));
			}
			for (NamedPipeConnection connection : held) {
				try (connection) {
					int b = connection.inputStream().read();
					connection.outputStream().write(b + 1);
				}
			}
			assertThat(python.waitFor(Pipes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(python.exitValue()).isZero();
			assertThat(Files.readString(output).trim()).isEqualTo(String.valueOf(CONNECTIONS));
		}
		finally {
			python.destroyForcibly();
			held.forEach(NamedPipeConnection::close);
			held.clear();
			listener.close();
		}
		// Handles closed a moment ago may be given back a moment later (a single reading here
		// once counted one more than the baseline in a clean-clone run): a leak never comes back.
		ProcessResources.awaitBackTo(before);
		Figures.report("5,000 idle connections", "served=%d failures=0 after[%s]", CONNECTIONS, ProcessResources.now());
		assertThat(shortDirectory).isEmptyDirectory();
		Files.delete(shortDirectory);
	}

	@Test
	void holdsAThousandIdleJdkClientsThenServesThemAll() throws Exception {
		Path shortDirectory = Pipes.shortDirectory();
		NamedPipeEndPoint endPoint = Pipes.endPointIn(shortDirectory);
		warmUp(endPoint);
		ProcessResources before = ProcessResources.settled();

		NamedPipeConnectionListener listener = Pipes.bind(endPoint, NamedPipeTransportObserver.NONE);
		List<RawPipeClient> clients = new ArrayList<>(JDK_CLIENTS);
		List<NamedPipeConnection> held = new ArrayList<>(JDK_CLIENTS);
		try {
			for (int i = 0; i < JDK_CLIENTS; i++) {
				clients.add(RawPipeClient.connect(endPoint.address()));
				held.add(Pipes.accept(listener, () -> "only " + held.size() + " JDK clients were accepted"));
			}
			assertThat(listener.activeConnections()).isEqualTo(JDK_CLIENTS);
			ProcessResources holding = ProcessResources.now();
			Figures.report("1,000 idle JDK clients", "connections=%d held before[%s] holding[%s] heap/connection=%dB "
					+ "rss/connection=%dB (both ends in this process)", JDK_CLIENTS, before, holding,
					(holding.heapAfterGc() - before.heapAfterGc()) / JDK_CLIENTS,
					(holding.residentSetSize() - before.residentSetSize()) / JDK_CLIENTS);
			// one handle at each end of every connection
			assertThat(holding.handles() - before.handles()).isBetween(2L * JDK_CLIENTS, 2L * JDK_CLIENTS + 10);

			for (int i = 0; i < JDK_CLIENTS; i++) {
				clients.get(i).write(new byte[] { (byte) (i % 100) });
				try (NamedPipeConnection connection = held.get(i)) {
					connection.outputStream().write(connection.inputStream().read() + 1);
				}
				assertThat(clients.get(i).readAllBytes()).containsExactly(i % 100 + 1);
				clients.get(i).close();
			}
		}
		finally {
			for (RawPipeClient client : clients) {
				client.close();
			}
			held.forEach(NamedPipeConnection::close);
			held.clear();
			listener.close();
		}
		ProcessResources.awaitBackTo(before);
		Figures.report("1,000 idle JDK clients", "served=%d failures=0 after[%s]", JDK_CLIENTS, ProcessResources.now());
		assertThat(shortDirectory).isEmptyDirectory();
		Files.delete(shortDirectory);
	}

	private static void warmUp(NamedPipeEndPoint endPoint) throws Exception {
		try (NamedPipeConnectionListener listener = Pipes.bind(endPoint, NamedPipeTransportObserver.NONE)) {
			Pipes.serveOneByteExchanges(listener);
			Pipes.exchangeOneByte(endPoint, 1);
			await().atMost(Pipes.WAIT).until(() -> listener.activeConnections() == 0);
		}
	}

	/**
	 * Raises this JVM's soft and hard open-file limits (children inherit them) when they are
	 * below what the test needs; raising the hard limit needs root, as in CI.
	 */
	private static void raiseOpenFilesLimit(long needed) throws IOException, InterruptedException {
		if (ProcessResources.openFilesLimit() >= needed) {
			return;
		}
		RequiredTool.requireRoot("raising the open-file limit to " + needed);
		RequiredTool.UTIL_LINUX.require();
		long pid = ManagementFactory.getRuntimeMXBean().getPid();
		Process prlimit = new ProcessBuilder("prlimit", "--pid", String.valueOf(pid), "--nofile=" + needed + ":" + needed)
			.inheritIO()
			.start();
		assertThat(prlimit.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(ProcessResources.openFilesLimit()).as("open-file limit after prlimit").isGreaterThanOrEqualTo(needed);
	}

}
