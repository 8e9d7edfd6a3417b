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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Nothing is left behind: file descriptors, transport threads and socket files return to
 * where they were after many connections and after close.
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
		warmUp(endPoint);
		long descriptorsBefore = TestPipes.openFileDescriptors();
		long threadsBefore = TestPipes.transportThreads();
		NamedPipeConnectionListener listener = TestPipes.bind(endPoint);
		CompletableFuture<Void> server = TestPipes.asyncRun(() -> {
			for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
				try (NamedPipeConnection connection = next) {
					int b = connection.inputStream().read();
					connection.outputStream().write(b + 1);
				}
			}
		});
		for (int i = 0; i < 1000; i++) {
			try (NamedPipeConnection client = NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
					Duration.ofSeconds(10))) {
				client.outputStream().write(i & 0x7F);
				client.outputStream().flush();
				assertThat(client.inputStream().read()).isEqualTo((i & 0x7F) + 1);
			}
		}
		Awaitility.await().until(() -> listener.activeConnections() == 0);
		listener.close();
		server.get(30, TimeUnit.SECONDS);
		assertThat(TestPipes.openFileDescriptors()).isLessThanOrEqualTo(descriptorsBefore); // a leak only grows
		assertThat(TestPipes.transportThreads()).isEqualTo(threadsBefore);
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void clientWaitsForTheServerToAppear() throws Exception {
		NamedPipeEndPoint endPoint = TestPipes.endPointIn(this.directory);
		CompletableFuture<NamedPipeConnection> client = TestPipes.async(() -> NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(), Duration.ofSeconds(30)));
		try (NamedPipeConnectionListener listener = TestPipes.bind(endPoint);
				NamedPipeConnection server = listener.accept(Duration.ofSeconds(30)).orElseThrow();
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
		long descriptorsBefore = TestPipes.openFileDescriptors();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
					Duration.ofMillis(200)))
			.withMessageContaining("No server accepted on named pipe '" + endPoint.name() + "'");
		assertThat(TestPipes.openFileDescriptors()).isLessThanOrEqualTo(descriptorsBefore); // a leak only grows
	}

	private static void warmUp(NamedPipeEndPoint endPoint) throws Exception {
		// Loads classes and opens the JDK's lazily created descriptors before counting.
		try (NamedPipeConnectionListener listener = TestPipes.bind(endPoint);
				NamedPipeConnection client = NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
						Duration.ofSeconds(10));
				NamedPipeConnection server = listener.accept(Duration.ofSeconds(10)).orElseThrow()) {
			client.outputStream().write(1);
			client.outputStream().flush();
			server.inputStream().read();
		}
	}

}
