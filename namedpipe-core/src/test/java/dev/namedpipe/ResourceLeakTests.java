package dev.namedpipe;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Nothing is left behind, on both platforms: file descriptors (Unix) or handles (Windows),
 * transport threads and socket files return to where they were after many connections and
 * after close.
 */
class ResourceLeakTests {

	private Path directory;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
	}

	@AfterEach
	void tearDown() throws IOException {
		Files.delete(this.directory);
	}

	@Test
	void thousandConnectionsLeakNoDescriptorsThreadsOrFiles() throws Exception {
		NamedPipeEndPoint endPoint = TestPipes.endPointIn(this.directory);
		// Loads classes and lets the JVM open what it keeps (selectors, JNA's cleaner, compiler
		// threads, which are handles on Windows) before counting.
		serveAndExchange(endPoint, 200);
		long handlesBefore = TestPipes.openHandles();
		long threadsBefore = TestPipes.transportThreads();
		serveAndExchange(endPoint, 1000);
		// Threads end, and on Windows close their handles, a moment after their work is done.
		Awaitility.await().pollInSameThread().untilAsserted(() -> {
			assertThat(TestPipes.transportThreads()).isEqualTo(threadsBefore);
			assertThat(TestPipes.openHandles()).isLessThanOrEqualTo(handlesBefore); // a leak only grows
		});
		assertThat(this.directory).isEmptyDirectory();
	}

	private static void serveAndExchange(NamedPipeEndPoint endPoint, int connections) throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(endPoint);
		CompletableFuture<Void> server = Background.run(() -> {
			for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
				try (NamedPipeConnection connection = next) {
					int b = connection.inputStream().read();
					connection.outputStream().write(b + 1);
				}
			}
		});
		for (int i = 0; i < connections; i++) {
			try (NamedPipeConnection client = TestPipes.connect(endPoint, Duration.ofSeconds(10))) {
				client.outputStream().write(i & 0x7F);
				client.outputStream().flush();
				assertThat(client.inputStream().read()).isEqualTo((i & 0x7F) + 1);
			}
		}
		Awaitility.await().until(() -> listener.activeConnections() == 0);
		listener.close();
		server.get(30, TimeUnit.SECONDS);
	}

	@Test
	void clientWaitsForTheServerToAppear() throws Exception {
		NamedPipeEndPoint endPoint = TestPipes.endPointIn(this.directory);
		CompletableFuture<NamedPipeConnection> client = Background.call(() -> NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(), Duration.ofSeconds(30)));
		try (NamedPipeConnectionListener listener = TestPipes.bind(endPoint);
				NamedPipeConnection server = listener.accept(Duration.ofSeconds(30));
				NamedPipeConnection connected = client.get(30, TimeUnit.SECONDS)) {
			connected.outputStream().write(7);
			connected.outputStream().flush();
			assertThat(server.inputStream().read()).isEqualTo(7);
		}
	}

	@Test
	void clientTimeoutNamesThePipe() throws Exception {
		NamedPipeEndPoint endPoint = TestPipes.endPointIn(this.directory);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(
				() -> NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(), Duration.ofMillis(50)));
		// Ten attempts: a handle left by each shows as ten more, while the JVM opening a file of
		// its own meanwhile (a jar of a class loaded for the first time) adds one or two.
		int attempts = 10;
		long handlesBefore = TestPipes.openHandles();
		for (int i = 0; i < attempts; i++) {
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
						Duration.ofMillis(100)))
				.withMessageContaining("No server accepted on named pipe '" + endPoint.name() + "'");
		}
		assertThat(TestPipes.openHandles()).isLessThan(handlesBefore + attempts);
	}

}
