package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshot of what the process holds open (file descriptors on Unix, handles on Windows,
 * see {@link OpenHandles}), to check that a test gave back every one and every transport
 * thread it took.
 */
public final class LeakCheck {

	private final long openHandles;

	private LeakCheck(long openHandles) {
		this.openHandles = openHandles;
	}

	public static LeakCheck start() throws IOException {
		if (!TestPlatform.isWindows()) {
			warmUpUnixDomainSockets();
		}
		return new LeakCheck(OpenHandles.count());
	}

	// The JDK keeps one socket open for good after the first Unix domain socket bind of the
	// process; bind one with the JDK alone so that it is not counted as a leak.
	private static void warmUpUnixDomainSockets() throws IOException {
		Path directory = Files.createTempDirectory("leakcheck");
		Path socket = directory.resolve("s");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
		}
		finally {
			Files.deleteIfExists(socket);
			Files.delete(directory);
		}
	}

	/**
	 * Waits until the transport's threads have ended and the open descriptors or handles are
	 * back to at most the count at the start (a leak only makes it grow).
	 */
	public void assertNothingLeaked() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(transportThreads()).isEmpty();
			assertThat(OpenHandles.count()).as("open: %s", OpenHandles.describe()).isLessThanOrEqualTo(this.openHandles);
		});
	}

	static List<String> transportThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("namedpipe-") || name.startsWith("HttpClient@"))
			.toList();
	}

}
