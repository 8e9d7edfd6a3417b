package dev.namedpipe.unix;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Socket activation with a real launcher, {@code systemd-socket-activate}: it binds the socket,
 * starts {@link SocketActivatedEcho} on the first connection with the socket at fd 3
 * ({@code LISTEN_FDS=1}), and our listener serves that socket instead of binding (binding
 * would find a live socket at the path and fail as in use), then leaves its file in place;
 * a datagram socket passed instead is refused with a message. Also the protocol's guard: a
 * {@code LISTEN_PID} of another process is not ours.
 */
@UnixOnly("systemd socket activation passes Unix sockets")
class SocketActivationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private Path directory;

	private Path socket;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = PipeNames.shortTempDirectory();
		this.socket = this.directory.resolve("activated.sock");
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void listenerServesThePassedSocketAndLeavesItsFileToTheLauncher() throws Exception {
		RequiredTool.SYSTEMD_SOCKET_ACTIVATE.require();
		try (ExternalProgram launcher = launch(List.of())) {
			await().atMost(WAIT).until(() -> Files.exists(this.socket));
			Object fileKey = SocketFileState.of(this.socket).fileKey();
			try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				client.connect(UnixDomainSocketAddress.of(this.socket));
				client.write(StandardCharsets.UTF_8.encode("hello\n"));
				InputStream in = Channels.newInputStream(client);
				assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("%s", launcher)
					.isEqualTo("echo:hello\n");
			}
			launcher.await();
			assertThat(launcher.exitCode()).as("%s", launcher).isZero();
			assertThat(launcher.stdout()).contains("closed, socket file kept");
			assertThat(launcher.stderr() + launcher.stdout())
				.contains("listens on the socket passed by the launcher at " + this.socket);
			assertThat(SocketFileState.of(this.socket).fileKey()).isEqualTo(fileKey);
		}
	}

	@Test
	void passedDatagramSocketIsRefusedNamingWhatItIs() throws Exception {
		RequiredTool.SYSTEMD_SOCKET_ACTIVATE.require();
		RequiredTool.SOCAT.require();
		try (ExternalProgram launcher = launch(List.of("--datagram"))) {
			await().atMost(WAIT).until(() -> Files.exists(this.socket));
			ExternalProgram.run(this.directory, "socat", "-u", "SYSTEM:echo datagram", "UNIX-SENDTO:" + this.socket);
			launcher.await();
			assertThat(launcher.exitCode()).as("%s", launcher).isOne();
			assertThat(launcher.stdout()).startsWith("failed: The socket passed by the launcher (LISTEN_FDS, fd 3) is "
					+ "a datagram socket, not a listening Unix stream socket");
		}
	}

	@Test
	void socketsPassedToAnotherProcessAreNotOurs() throws Exception {
		long other = ProcessHandle.current().pid() + 1;
		InheritedSocket none = InheritedSocket.look(Map.of("LISTEN_PID", Long.toString(other), "LISTEN_FDS", "1"),
				ProcessHandle.current().pid());
		assertThat(none.takeFor(NamedPipeEndPoint.of(this.socket.toString()))).isNull();
	}

	private ExternalProgram launch(List<String> options) throws IOException {
		List<String> command = new ArrayList<>(List.of("systemd-socket-activate"));
		command.addAll(options);
		command.addAll(List.of("-l", this.socket.toString(),
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), SocketActivatedEcho.class.getName(), this.socket.toString()));
		return ExternalProgram.start(this.directory, Map.of(), command);
	}

}
