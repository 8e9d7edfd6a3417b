package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.PipeProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short socket paths, binding and connecting shared by the reliability
 * tests.
 */
final class Pipes {

	static final Duration WAIT = Duration.ofSeconds(60);

	private Pipes() {
	}

	/**
	 * A short directory of the test's own: under {@code /tmp} on Unix (socket paths are
	 * limited to 107 bytes), the temporary directory on Windows.
	 */
	static Path shortDirectory() throws IOException {
		return PipeNames.shortTempDirectory();
	}

	/** A pipe of its own: a socket path in the directory on Unix, a unique name on Windows. */
	static NamedPipeEndPoint endPointIn(Path directory) {
		return NamedPipeEndPoint.of(PipeNames.uniqueIn(directory));
	}

	/**
	 * Asserts that a pipe whose listener stopped accepting takes no new client: on Unix its
	 * socket file is gone, on Windows no instance waits ({@link PipeProbe}, which does not
	 * connect).
	 */
	static void assertRefusesNewClients(NamedPipeEndPoint endPoint) {
		assertThat(PipeProbe.isListening(endPoint.address())).as("%s still listening", endPoint).isFalse();
	}

	static NamedPipeConnectionListener bind(NamedPipeEndPoint endPoint, NamedPipeTransportObserver observer)
			throws IOException {
		return NamedPipeTransport.bind(endPoint, NamedPipeTransportOptions.defaults(), observer);
	}

	/**
	 * The next connection, within {@link #WAIT}.
	 * @param listener the listener
	 * @param situation what to add to the failure when none arrives
	 * @return the connection
	 */
	static NamedPipeConnection accept(NamedPipeConnectionListener listener, Supplier<String> situation)
			throws InterruptedException {
		try {
			NamedPipeConnection connection = listener.accept(WAIT);
			if (connection == null) {
				throw new AssertionError("The listener closed: " + situation.get());
			}
			return connection;
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No connection within " + WAIT + ": " + situation.get(), ex);
		}
	}

	static NamedPipeConnection connect(NamedPipeEndPoint endPoint) throws IOException {
		return NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(), WAIT);
	}

	/**
	 * Serves every connection the listener hands out, one thread each, until it closes: reads
	 * one byte and answers it plus one.
	 * @param listener the listener
	 * @return completes when the listener closed and every connection was served
	 */
	static CompletableFuture<Integer> serveOneByteExchanges(NamedPipeConnectionListener listener) {
		return Background.call("accept", () -> {
			int served = 0;
			for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
				NamedPipeConnection connection = next;
				served++;
				Thread serving = new Thread(() -> answerOneByte(connection), "serve");
				serving.setDaemon(true);
				serving.start();
			}
			return served;
		});
	}

	private static void answerOneByte(NamedPipeConnection connection) {
		try (connection) {
			int b = connection.inputStream().read();
			if (b >= 0) {
				connection.outputStream().write(b + 1);
			}
		}
		catch (IOException ex) {
			// the transport counts it (closed with io_error); the client side fails the test
		}
	}

	/**
	 * One client exchange: connect, send a byte, expect it plus one, close.
	 * @throws IOException on any failure, or a wrong answer
	 */
	static void exchangeOneByte(NamedPipeEndPoint endPoint, int value) throws IOException {
		try (NamedPipeConnection client = connect(endPoint)) {
			client.outputStream().write(value);
			client.outputStream().flush();
			int answer = client.inputStream().read();
			if (answer != value + 1) {
				throw new IOException("Expected " + (value + 1) + " but read " + answer);
			}
		}
	}

}
