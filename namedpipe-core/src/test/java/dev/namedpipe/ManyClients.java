package dev.namedpipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client threads that each connect many times to one listener (Kestrel's 10 x 250). Each
 * client writes one byte and waits for the server's end of stream before it closes: on
 * Windows a client that wrote and left before the server's {@code ConnectNamedPipe} is a
 * broken pipe (ERROR_NO_DATA), not a connection.
 */
final class ManyClients {

	private ManyClients() {
	}

	/**
	 * Runs the clients and accepts all their connections.
	 * @param listener the listener to accept from
	 * @param connect opens one client connection
	 * @param clients how many client threads
	 * @param perClient how many connections each makes
	 * @param wait how long any one step may take
	 * @return the bytes the server received, one per connection
	 * @throws Exception when a client or the accepting fails
	 */
	static long run(NamedPipeConnectionListener listener, Callable<NamedPipeConnection> connect, int clients,
			int perClient, Duration wait) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				running.add(pool.submit(() -> {
					for (int i = 0; i < perClient; i++) {
						try (NamedPipeConnection client = connect.call()) {
							client.outputStream().write(1);
							client.outputStream().flush();
							assertThat(client.inputStream().read()).isEqualTo(-1);
						}
					}
					return null;
				}));
			}
			long received = 0;
			for (int i = 0; i < clients * perClient; i++) {
				try (NamedPipeConnection connection = listener.accept(wait)) {
					received += connection.inputStream().read();
				}
			}
			for (Future<?> client : running) {
				client.get(wait.toSeconds(), TimeUnit.SECONDS);
			}
			return received;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
