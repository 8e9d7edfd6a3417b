package dev.namedpipe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Java 21+, connections served by virtual threads hold no platform thread while idle:
 * the transport's blocking reads park the virtual thread.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadConnectionTests {

	private static final int CONNECTIONS = 1000;

	@Test
	void idleConnectionsOnVirtualThreadsHoldNoPlatformThreads() throws Exception {
		Path directory = TestPipes.shortTempDirectory();
		NamedPipeEndPoint endPoint = TestPipes.endPointIn(directory);
		List<NamedPipeConnection> clients = new ArrayList<>();
		List<Thread> readers = new CopyOnWriteArrayList<>();
		CountDownLatch answered = new CountDownLatch(CONNECTIONS);
		int platformThreadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
		try (NamedPipeConnectionListener listener = TestPipes.bind(endPoint)) {
			for (int i = 0; i < CONNECTIONS; i++) {
				clients.add(NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
						Duration.ofSeconds(10)));
				NamedPipeConnection server = listener.accept(Duration.ofSeconds(10));
				virtualThreads.execute(() -> {
					try (server) {
						readers.add(Thread.currentThread());
						int b = server.inputStream().read();
						server.outputStream().write(b);
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
					answered.countDown();
				});
			}
			// Counted once every connection's virtual thread is parked in its read, not before.
			await().atMost(Duration.ofSeconds(30)).until(() -> readers.size() == CONNECTIONS && readers.stream()
				.allMatch((reader) -> TestPipes.blockedInPipeRead(reader.getState(), reader.getStackTrace())));
			int platformThreadsIdle = ManagementFactory.getThreadMXBean().getThreadCount();
			// carriers (one per core) and the JDK's pollers, not one per connection
			assertThat(platformThreadsIdle - platformThreadsBefore).isLessThan(64);
			for (NamedPipeConnection client : clients) {
				client.outputStream().write(42);
				client.outputStream().flush();
			}
			assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
			for (NamedPipeConnection client : clients) {
				assertThat(client.inputStream().read()).isEqualTo(42);
				client.close();
			}
		}
		finally {
			virtualThreads.shutdownNow();
			clients.forEach(NamedPipeConnection::close);
			Files.delete(directory);
		}
	}

	private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
		// compiled for Java 17: reach the Java 21 API reflectively
		return (ExecutorService) java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
	}

}
