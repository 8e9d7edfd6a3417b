package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshot of the process's open file descriptors, to check that a test gave back every
 * descriptor and thread it took.
 */
public final class LeakCheck {

	private final long fileDescriptors;

	private LeakCheck(long fileDescriptors) {
		this.fileDescriptors = fileDescriptors;
	}

	public static LeakCheck start() throws IOException {
		warmUpUnixDomainSockets();
		return new LeakCheck(openFileDescriptors());
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
	 * Waits until the transport's threads have ended and the open descriptors are back to
	 * at most the count at the start.
	 */
	public void assertNothingLeaked() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(transportThreads()).isEmpty();
			assertThat(openFileDescriptors()).as("open file descriptors: %s", describeFileDescriptors())
				.isLessThanOrEqualTo(this.fileDescriptors);
		});
	}

	static List<String> transportThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("namedpipe-"))
			.toList();
	}

	private static long openFileDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.count();
		}
	}

	static List<String> describeFileDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.map((fd) -> {
				try {
					return fd.getFileName() + " -> " + Files.readSymbolicLink(fd);
				}
				catch (IOException ex) {
					return fd.getFileName() + " -> ?";
				}
			}).sorted().toList();
		}
	}

}
