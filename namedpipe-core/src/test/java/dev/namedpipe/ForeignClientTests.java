package dev.namedpipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Clients that are not JDK programs, and clients of other users: {@code python3} and
 * {@code socat} processes, some run as user {@code nobody} through {@code setpriv}.
 */
@UnixOnly("python3, socat and other Unix users through setpriv; Windows' foreign client is Node.js (NodeForeignPeerTests)")
class ForeignClientTests {

	/** A Python other users can run: {@link RequiredTool#SYSTEM_PYTHON3}. */
	private static final String PYTHON = "/usr/bin/python3";

	private static final String PYTHON_CLIENT = """
			import socket, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			try:
			    s.connect(sys.argv[1])
			except OSError as e:
			    print("connect-error", e.errno)
			    sys.exit(3)
			data = b""
			try:
			    s.sendall(b"hello from python\\n")
			    s.shutdown(socket.SHUT_WR)
			    while True:
			        chunk = s.recv(4096)
			        if not chunk:
			            break
			        data += chunk
			except (BrokenPipeError, ConnectionResetError):
			    print("closed-by-server")
			    sys.exit(4)
			print("received", data.decode().strip())
			""";

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private final RecordingObserver observer = new RecordingObserver();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		// Other users must be able to reach the socket's directory for these tests.
		Files.setPosixFilePermissions(this.directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws IOException {
		assertThat(this.endPoint.unixSocketPath()).doesNotExist();
		Files.delete(this.directory);
	}

	@Test
	void pythonClientExchangesData() throws Exception {
		RequiredTool.SYSTEM_PYTHON3.require();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.defaults(), this.observer)) {
			var client = runAsync(List.of(PYTHON, "-c", PYTHON_CLIENT, this.endPoint.address()));
			echoUpperCase(listener);
			assertThat(client.get()).isEqualTo(new TestPipes.ProcessResult(0, "received HELLO FROM PYTHON\n"));
		}
	}

	@Test
	void socatClientExchangesData() throws Exception {
		RequiredTool.SOCAT.require();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.defaults(), this.observer)) {
			var client = Background.call(() -> TestPipes.run(
					List.of("socat", "-t", "30", "-", "UNIX-CONNECT:" + this.endPoint.address()), "hello from socat\n"));
			echoUpperCase(listener);
			assertThat(client.get()).isEqualTo(new TestPipes.ProcessResult(0, "HELLO FROM SOCAT\n"));
		}
	}

	@Test
	void anotherUserIsRefusedByTheFileMode() throws Exception {
		assumeForeignUserCanRun();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.defaults(), this.observer)) {
			TestPipes.ProcessResult result = TestPipes.run(asNobody(false, this.endPoint.address()), null);
			assertThat(result.output()).startsWith("connect-error 13"); // EACCES
			assertThat(result.exitCode()).isEqualTo(3);
			assertNothingAccepted(listener);
		}
	}

	@Test
	void anotherUserThatBypassesTheFileModeIsRefusedByPeerCredentials() throws Exception {
		assumeForeignUserCanRun();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.defaults(), this.observer)) {
			for (int i = 0; i < 5; i++) {
				TestPipes.ProcessResult result = TestPipes.run(asNobody(true, this.endPoint.address()), null);
				// Refused: the server closes at once, seen as an empty reply, a reset or a broken pipe.
				assertThat(result.output()).isIn("received \n", "closed-by-server\n");
			}
			Awaitility.await().until(() -> this.observer.rejections().size() == 5);
			assertThat(this.observer.rejections()).allSatisfy((rejection) -> assertThat(rejection)
				.isEqualTo("foreign_user: Client connection (user nobody) was refused because it was not owned by "
						+ "the current user (root, id 0)."));
			assertNothingAccepted(listener);
			assertThat(listener.isListening()).isTrue();
		}
	}

	@Test
	void anotherUserGetsInWhenNotCurrentUserOnly() throws Exception {
		assumeForeignUserCanRun();
		try (NamedPipeConnectionListener listener = bindOpenToEveryone()) {
			var client = runAsync(asNobody(false, this.endPoint.address()));
			NamedPipeConnection connection = echoUpperCase(listener);
			assertThat(connection.peer().user()).isEqualTo("nobody");
			assertThat(connection.peer().sid()).as("a Windows notion").isNull();
			assertThat(client.get().output()).isEqualTo("received HELLO FROM PYTHON\n");
			assertThat(this.observer.rejections()).isEmpty();
		}
	}

	@Test
	void eachPeerGetsItsUsersNamesUidAndItsOwnPid() throws Exception {
		assumeForeignUserCanRun();
		try (NamedPipeConnectionListener listener = bindOpenToEveryone()) {
			List<PeerIdentity> peers = new ArrayList<>();
			for (boolean asNobody : new boolean[] { false, false, true, false }) {
				List<String> command = asNobody ? asNobody(false, this.endPoint.address())
						: List.of(PYTHON, "-c", PYTHON_CLIENT, this.endPoint.address());
				var client = runAsync(command);
				peers.add(echoUpperCase(listener).peer());
				assertThat(client.get().output()).isEqualTo("received HELLO FROM PYTHON\n");
			}
			assertThat(peers).extracting(PeerIdentity::user).containsExactly("root", "root", "nobody", "root");
			assertThat(peers.get(2).group()).isEqualTo("nogroup");
			// the kernel's numbers (NativePeerCredentials: this module's tests export sun.nio.ch)
			assertThat(peers).extracting((peer) -> peer.uid().orElseThrow()).containsExactly(0L, 0L, 65534L, 0L);
			assertThat(peers).extracting((peer) -> peer.gid().orElseThrow()).containsExactly(0L, 0L, 65534L, 0L);
			assertThat(peers).extracting((peer) -> peer.pid().orElseThrow()).doesNotHaveDuplicates();
		}
	}

	// The user database is asked when the application wants a name, not when the peer connected:
	// ids that had no account at accept are named by the account created after it.
	@Test
	void namesAreLookedUpWhenFirstAskedForNotWhenAccepted() throws Exception {
		assumeForeignUserCanRun();
		RequiredTool.USER_ADMINISTRATION.require();
		String id = "54321";
		String account = "npnames";
		removeAccount(account);
		try (NamedPipeConnectionListener listener = bindOpenToEveryone()) {
			var client = runAsync(List.of("setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", PYTHON, "-c",
					PYTHON_CLIENT, this.endPoint.address()));
			PeerIdentity peer = echoUpperCase(listener).peer();
			assertThat(client.get().output()).isEqualTo("received HELLO FROM PYTHON\n");
			assertThat(peer.uid()).hasValue(54321);
			assertThat(peer.gid()).hasValue(54321);
			try {
				succeed(List.of("groupadd", "--gid", id, account));
				succeed(List.of("useradd", "--uid", id, "--gid", id, "--no-create-home", "--shell",
						"/usr/sbin/nologin", account));
				assertThat(peer.user()).isEqualTo(account);
				assertThat(peer.group()).isEqualTo(account);
			}
			finally {
				removeAccount(account);
			}
		}
	}

	private static void succeed(List<String> command) throws Exception {
		TestPipes.ProcessResult result = TestPipes.run(command, null);
		assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
	}

	private static void removeAccount(String account) throws Exception {
		TestPipes.run(List.of("userdel", account), null);
		TestPipes.run(List.of("groupdel", account), null);
	}

	private NamedPipeConnectionListener bindOpenToEveryone() throws IOException {
		NamedPipeTransportOptions open = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("0666")
			.build();
		return NamedPipeTransport.bind(this.endPoint, open, this.observer);
	}

	private static void assumeForeignUserCanRun() {
		RequiredTool.requireRoot("running a client as another user");
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.SYSTEM_PYTHON3.require();
	}

	private static List<String> asNobody(boolean bypassFileMode, String socket) {
		List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
				"--clear-groups"));
		if (bypassFileMode) {
			command.addAll(List.of("--inh-caps=+dac_override", "--ambient-caps=+dac_override"));
		}
		command.addAll(List.of(PYTHON, "-c", PYTHON_CLIENT, socket));
		return command;
	}

	// The refused clients never became connections: the next one of ours is the first.
	private void assertNothingAccepted(NamedPipeConnectionListener listener) throws Exception {
		TestPipes.assertNothingAccepted(listener, () -> TestPipes.connect(this.endPoint, Duration.ofSeconds(30)));
		assertThat(this.observer.accepted()).isOne();
	}

	private static java.util.concurrent.CompletableFuture<TestPipes.ProcessResult> runAsync(List<String> command) {
		return Background.call(() -> TestPipes.run(command, null));
	}

	private static NamedPipeConnection echoUpperCase(NamedPipeConnectionListener listener) throws Exception {
		NamedPipeConnection connection = listener.accept(Duration.ofSeconds(30));
		try (connection) {
			String line = new String(connection.inputStream().readAllBytes());
			connection.outputStream().write(line.toUpperCase().getBytes());
		}
		return connection;
	}

}
