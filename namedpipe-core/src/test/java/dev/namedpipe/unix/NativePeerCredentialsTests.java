package dev.namedpipe.unix;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer's numbers from the kernel on Linux ({@link NativePeerCredentials}: this module's
 * tests run with {@code sun.nio.ch} exported): uid and pid of the process that connected, a
 * Python client's pid among them, names as the user database has them; and the JDK's names
 * alone where the export (or JNA) is missing, in JVMs of their own.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_PEERCRED's struct ucred is Linux's")
class NativePeerCredentialsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NamedPipeEndPoint endPoint;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(this.directory.resolve("creds.sock").toString());
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void peerOfAnotherProcessHasItsUidPidAndNames() throws Exception {
		RequiredTool.PYTHON3.require();
		assertThat(NativePeerCredentials.available()).as("sun.nio.ch exported to the tests, JNA present").isTrue();
		try (NamedPipeConnectionListener listener = bind();
				ExternalProgram python = ExternalProgram.start(this.directory, "python3", "-c",
						"import socket, sys\n" + "s = socket.socket(socket.AF_UNIX)\n" + "s.connect(sys.argv[1])\n"
								+ "s.recv(1)\n",
						this.endPoint.address());
				NamedPipeConnection connection = listener.accept(WAIT)) {
			PeerIdentity peer = connection.peer();
			assertThat(peer.pid()).hasValue(python.pid());
			assertThat(peer.uid()).hasValue(currentUid());
			assertThat(peer.gid()).hasValue(currentGid());
			assertThat(peer.user()).isEqualTo(System.getProperty("user.name"));
			assertThat(peer.group()).isNotBlank();
			assertThat(peer.sid()).isNull();
			connection.outputStream().write('x');
			connection.outputStream().flush();
			python.await();
		}
	}

	@Test
	void peersOfOneProcessShareOneIdentity() throws Exception {
		try (NamedPipeConnectionListener listener = bind();
				SocketChannel first = connect();
				SocketChannel second = connect();
				NamedPipeConnection a = listener.accept(WAIT);
				NamedPipeConnection b = listener.accept(WAIT)) {
			assertThat(a.peer().pid()).hasValue(ProcessHandle.current().pid());
			assertThat(b.peer()).isSameAs(a.peer());
		}
	}

	// Unix runs one accept loop whatever the queue count, so eight queues still share one
	// identity; should the server ever run more loops, only its first peers could race (every
	// later one meets a filled lastPeer), so each round binds anew.
	@RepeatedTest(20)
	void peersAcceptedByManyQueuesAtOnceShareOneIdentity() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(8).build();
		List<SocketChannel> clients = new ArrayList<>();
		List<NamedPipeConnection> connections = new ArrayList<>();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options,
				NamedPipeTransportObserver.NONE)) {
			for (int i = 0; i < 16; i++) {
				clients.add(connect());
			}
			for (int i = 0; i < 16; i++) {
				connections.add(listener.accept(WAIT));
			}
			PeerIdentity first = connections.get(0).peer();
			assertThat(connections).allSatisfy((connection) -> assertThat(connection.peer()).isSameAs(first));
		}
		finally {
			for (NamedPipeConnection connection : connections) {
				connection.close();
			}
			for (SocketChannel client : clients) {
				client.close();
			}
		}
	}

	@Test
	void withoutTheExportTheJdksNamesAreUsed() throws Exception {
		assertThat(probe(classPath(true), List.of())).isEqualTo(System.getProperty("user.name") + " uid=false pid=false");
	}

	@Test
	void withoutJnaTheJdksNamesAreUsed() throws Exception {
		assertThat(probe(classPath(false), List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED")))
			.isEqualTo(System.getProperty("user.name") + " uid=false pid=false");
	}

	@Test
	void withTheExportAndJnaTheKernelsNumbersAreUsed() throws Exception {
		assertThat(probe(classPath(true), List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED")))
			.isEqualTo(System.getProperty("user.name") + " uid=true pid=true");
	}

	// JNA present, its native library not: the JDK's names, and one warning that says why.
	@Test
	void aNativeLibraryThatCannotLoadFallsBackWithOneWarning() throws Exception {
		List<String> lines = probeOutput(classPath(true), List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
				"-Djna.boot.library.path=" + this.directory.resolve("none"), "-Djna.nosys=true", "-Djna.nounpack=true"));
		assertThat(lines.get(lines.size() - 1)).isEqualTo(System.getProperty("user.name") + " uid=false pid=false");
		assertThat(lines.stream().filter((line) -> line.contains("WARN")))
			.singleElement()
			.asString()
			.contains("Peer credentials through the JDK", "native call cannot be bound", "UnsatisfiedLinkError");
	}

	private String probe(String classPath, List<String> jvmOptions) throws Exception {
		List<String> lines = probeOutput(classPath, jvmOptions);
		return lines.get(lines.size() - 1);
	}

	private List<String> probeOutput(String classPath, List<String> jvmOptions) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath, PeerCredentialsProbe.class.getName(),
				this.directory.resolve("probe.sock").toString()));
		ExternalProgram probe = ExternalProgram.start(this.directory, Map.of(), command).await();
		assertThat(probe.exitCode()).as("%s", probe).isZero();
		return List.of(probe.stdout().strip().split("\n"));
	}

	private static String classPath(boolean withJna) {
		return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> withJna || !Path.of(entry).getFileName().toString().startsWith("jna"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private NamedPipeConnectionListener bind() throws IOException {
		return NamedPipeTransport.bind(this.endPoint, NamedPipeTransportOptions.defaults(),
				NamedPipeTransportObserver.NONE);
	}

	private SocketChannel connect() throws IOException {
		SocketChannel channel = SocketChannel
			.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.endPoint.address()));
		return channel;
	}

	private static long currentUid() throws IOException {
		return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
	}

	private static long currentGid() throws IOException {
		return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
	}

}
