package dev.namedpipe.jetty;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Unix path: accepted channels on Jetty's selector.
 */
class SelectorPathTests extends AbstractNamedPipeServerConnectorTests {

	private static final int IDLE_CONNECTIONS = 50;

	@Override
	boolean streamEndPointsForced() {
		return false;
	}

	@Test
	void idleConnectionsTakeNoThreads() throws Exception {
		int threadsBefore = this.serverThreads.started().size();
		List<SocketChannel> clients = new ArrayList<>();
		try {
			for (int i = 0; i < IDLE_CONNECTIONS; i++) {
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
				clients.add(client);
				client.connect(UnixDomainSocketAddress.of(this.socket));
			}
			await().atMost(WAIT)
				.pollInSameThread()
				.until(() -> this.connector.getConnectedEndPoints().size() == IDLE_CONNECTIONS);

			assertThat(this.connector.getListener().activeConnections()).isEqualTo(IDLE_CONNECTIONS);
			// No thread reads an idle connection; a burst of accepts may still grow Jetty's pool by a
			// few threads (10 once in CI), far from the thread per connection of the stream path.
			assertThat(this.serverThreads.started()).noneMatch(SelectorPathTests::readsAConnection);
			assertThat(this.serverThreads.started().size() - threadsBefore).isLessThan(IDLE_CONNECTIONS);
		}
		finally {
			for (SocketChannel client : clients) {
				client.close();
			}
		}
	}

	// A thread of the stream path: one per connection, blocked in its read.
	private static boolean readsAConnection(Thread thread) {
		return Stream.of(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(NamedPipeStreamEndPoint.class.getName())
					|| frame.getClassName().equals("dev.namedpipe.internal.PipeInput"));
	}

	@Test
	void anotherUserIsRefusedUnlessCurrentUserOnlyIsOff() throws Exception {
		RequiredTool.requireRoot("running a client as nobody");
		RequiredTool.UTIL_LINUX.require();
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxr-xr-x"));

		assertThat(Files.getPosixFilePermissions(this.socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		ExternalProgram refused = runCurlAsNobody();
		this.server.stop();
		startServer(NamedPipeTransportOptions.builder().currentUserOnly(false).build());
		ExternalProgram admitted = runCurlAsNobody();

		assertThat(refused.exitCode()).as("%s", refused).isEqualTo(7);
		assertThat(admitted.exitCode()).as("%s", admitted).isZero();
		assertThat(admitted.stdout()).isEqualTo("nobody HTTP/1.1 NamedPipeChannelEndPoint");
	}

	private ExternalProgram runCurlAsNobody() throws Exception {
		return ExternalProgram.run(this.directory, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				"curl", "--silent", "--show-error", "--unix-socket", this.socket.toString(), "http://localhost/peer");
	}

}
