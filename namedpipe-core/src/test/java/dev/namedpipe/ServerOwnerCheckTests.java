package dev.namedpipe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link NamedPipeClient} checks the server's user (peer credentials) before it sends a byte:
 * against a {@code python3} server run as user {@code nobody} through {@code setpriv}, which
 * reports what each connection sent, and against our own listener.
 */
@UnixOnly("a server of another Unix user through setpriv; Windows' check is in WindowsPipeClientTests and WindowsNamedPipeIntegrationTests")
class ServerOwnerCheckTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PYTHON_SERVER = """
			import os, socket, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			s.bind(sys.argv[1])
			s.listen(8)
			print("listening", flush=True)
			for _ in range(int(sys.argv[2])):
			    c, _ = s.accept()
			    data = b""
			    while True:
			        chunk = c.recv(4096)
			        if not chunk:
			            break
			        data += chunk
			    c.close()
			    print("received " + repr(data), flush=True)
			os.unlink(sys.argv[1])
			""";

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private Process server;

	private BufferedReader serverOutput;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws Exception {
		if (this.server != null) {
			assertThat(this.server.waitFor(60, TimeUnit.SECONDS)).as("the server ends").isTrue();
			assertThat(this.server.exitValue()).isZero();
		}
		assertThat(this.endPoint.unixSocketPath()).doesNotExist();
		Files.delete(this.directory);
	}

	@Test
	void serverOfAnotherUserIsRefusedBeforeAByteIsSentNamingBothUsers() throws Exception {
		startServerAsNobody(1);
		assertThatExceptionOfType(NamedPipeServerOwnerException.class)
			.isThrownBy(() -> NamedPipeClient.connect(this.endPoint, NamedPipeTransportOptions.defaults(), WAIT))
			.withMessage("Named pipe '" + this.endPoint.name() + "' was refused because its server is owned by "
					+ "'nobody', not by the expected owner 'root'; nothing was sent.")
			.satisfies((ex) -> {
				assertThat(ex.getExpectedOwner()).isEqualTo("'root'");
				assertThat(ex.getActualOwner()).isEqualTo("'nobody'");
			});
		// The server read the end of stream at once: the socket was closed, with nothing sent.
		assertThat(this.serverOutput.readLine()).isEqualTo("received b''");
	}

	@Test
	void serverOfTheExpectedUserIsAcceptedByNameAndByUid() throws Exception {
		startServerAsNobody(2);
		for (String owner : List.of("nobody", "65534")) {
			NamedPipeTransportOptions expectNobody = NamedPipeTransportOptions.builder().serverOwner(owner).build();
			sendHello(expectNobody);
			assertThat(this.serverOutput.readLine()).isEqualTo("received b'hello'");
		}
	}

	@Test
	void withoutTheCheckAServerOfAnotherUserIsUsed() throws Exception {
		startServerAsNobody(1);
		sendHello(NamedPipeTransportOptions.builder().verifyServerOwner(false).build());
		assertThat(this.serverOutput.readLine()).isEqualTo("received b'hello'");
	}

	@Test
	void ourOwnServerIsAcceptedByDefaultAndRefusedWhenAnotherUserIsExpected() throws Exception {
		NamedPipeTransportOptions expectNobody = NamedPipeTransportOptions.builder().serverOwner("nobody").build();
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			try (NamedPipeConnection client = TestPipes.connect(this.endPoint, WAIT);
					NamedPipeConnection accepted = listener.accept(WAIT)) {
				assertThat(client.peer().user()).isEqualTo(System.getProperty("user.name"));
			}
			assertThatExceptionOfType(NamedPipeServerOwnerException.class)
				.isThrownBy(() -> NamedPipeClient.connect(this.endPoint, expectNobody, WAIT))
				.satisfies((ex) -> assertThat(ex.getActualOwner()).isEqualTo("'" + System.getProperty("user.name") + "'"));
			try (NamedPipeConnection refused = listener.accept(WAIT)) {
				assertThat(refused.inputStream().read()).as("nothing was sent").isEqualTo(-1);
			}
		}
	}

	@Test
	void anExpectedUserThatDoesNotExistIsAnInvalidSetting() throws Exception {
		NamedPipeTransportOptions unknown = NamedPipeTransportOptions.builder()
			.serverOwner("no-such-user-of-namedpipe")
			.build();
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
				.isThrownBy(() -> NamedPipeClient.connect(this.endPoint, unknown, WAIT))
				.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("server-owner"));
		}
	}

	private void sendHello(NamedPipeTransportOptions options) throws IOException {
		try (NamedPipeConnection client = NamedPipeClient.connect(this.endPoint, options, WAIT)) {
			assertThat(client.peer().user()).isEqualTo("nobody");
			client.outputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
		}
	}

	// Serves the given number of connections, then removes its socket and ends.
	private void startServerAsNobody(int connections) throws IOException {
		RequiredTool.requireRoot("running a server as another user");
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.SYSTEM_PYTHON3.require();
		// nobody creates the socket in the directory and removes it.
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.server = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
				"/usr/bin/python3", "-c", PYTHON_SERVER, this.endPoint.address(), Integer.toString(connections))
			.redirectErrorStream(true)
			.start();
		this.server.getOutputStream().close();
		this.serverOutput = new BufferedReader(
				new InputStreamReader(this.server.getInputStream(), StandardCharsets.UTF_8));
		assertThat(this.serverOutput.readLine()).isEqualTo("listening");
	}

}
