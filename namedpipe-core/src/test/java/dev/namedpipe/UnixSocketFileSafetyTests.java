package dev.namedpipe;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;
import dev.namedpipe.unix.UnixDomainSocketServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * First-instance protection and the socket file policy: what bind does with whatever is
 * already at the path, the file mode, and what close removes.
 */
@UnixOnly("the socket file at the path; its Windows counterpart is first-instance protection (NamedPipeConnectionListenerTests)")
class UnixSocketFileSafetyTests {

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private Path socket;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
		this.socket = this.endPoint.unixSocketPath();
	}

	@AfterEach
	void tearDown() throws IOException {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void staleSocketOfThisUserIsReplaced() throws Exception {
		ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		crashed.bind(UnixDomainSocketAddress.of(this.socket));
		crashed.close(); // the JDK leaves the file, as a crashed process would
		Object staleKey = Files.readAttributes(this.socket, "unix:fileKey").get("fileKey");
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
				SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(this.socket))) {
			assertThat(Files.readAttributes(this.socket, "unix:fileKey").get("fileKey")).isNotEqualTo(staleKey);
			assertThat(listener.accept(Duration.ofSeconds(30))).isNotNull().satisfies(NamedPipeConnection::close);
		}
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void regularFileIsLeftUntouched() throws Exception {
		Files.writeString(this.socket, "precious");
		assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
			.withMessageContaining("Cannot bind named pipe '" + this.endPoint.name() + "'")
			.withMessageContaining("it is a regular file, not a socket; it is neither followed nor replaced");
		assertThat(this.socket).hasContent("precious");
		assertNoStagingLeftovers();
	}

	@Test
	void symbolicLinkIsNeitherFollowedNorReplaced() throws Exception {
		Path target = this.directory.resolve("target");
		Files.writeString(target, "precious");
		Files.createSymbolicLink(this.socket, target);
		assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
			.withMessageContaining("it is a symbolic link");
		assertThat(Files.isSymbolicLink(this.socket)).isTrue();
		assertThat(target).hasContent("precious");
	}

	@Test
	void symbolicLinkToOurOwnSocketIsNotFollowed() throws Exception {
		try (NamedPipeConnectionListener other = NamedPipeTransport.bind(TestPipes.endPointIn(this.directory),
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE)) {
			Files.createSymbolicLink(this.socket, other.endPoint().unixSocketPath());
			assertThatExceptionOfType(FileAlreadyExistsException.class)
				.isThrownBy(() -> TestPipes.bind(this.endPoint).close())
				.withMessageContaining("symbolic link");
			assertThat(other.isListening()).isTrue();
		}
	}

	@Test
	void directoryAndFifoAreLeftUntouched() throws Exception {
		Files.createDirectory(this.socket);
		assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
			.withMessageContaining("it is a directory");
		assertThat(this.socket).isDirectory();
		Files.delete(this.socket);
		TestPipes.run(List.of("mkfifo", this.socket.toString()), null);
		assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
			.withMessageContaining("it is a FIFO");
		assertThat(Files.readAttributes(this.socket, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
			.matches((mode) -> ((Integer) mode & 0170000) == 0010000);
	}

	@Test
	void staleSocketOfAnotherUserIsLeftUntouched() throws Exception {
		RequiredTool.requireRoot("changing a file's owner");
		ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		crashed.bind(UnixDomainSocketAddress.of(this.socket));
		crashed.close();
		UserPrincipal nobody = this.socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		Files.setOwner(this.socket, nobody);
		assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
			.withMessageContaining("socket owned by another user (uid");
		assertThat(Files.getOwner(this.socket, LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
	}

	@Test
	void liveSocketOfAnotherUserIsLeftUntouchedAndKeepsServing() throws Exception {
		RequiredTool.requireRoot("running socat as another user");
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.SOCAT.require();
		chmodDirectory("1777"); // like /tmp: everyone may create, only owners may delete
		Process squatter = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "socat",
				"UNIX-LISTEN:" + this.socket + ",fork", "EXEC:cat")
			.redirectErrorStream(true)
			.start();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(this.socket, LinkOption.NOFOLLOW_LINKS));
			UserPrincipal nobody = Files.getOwner(this.socket, LinkOption.NOFOLLOW_LINKS);
			assertThat(nobody.getName()).isEqualTo("nobody");
			assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> TestPipes.bind(this.endPoint).close())
				.withMessageContaining("Cannot bind named pipe '" + this.endPoint.name() + "'")
				.withMessageContaining("socket owned by another user (uid");
			assertThat(Files.getOwner(this.socket, LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
			assertNoStagingLeftovers();
			TestPipes.ProcessResult echoed = TestPipes.run(List.of("socat", "-t", "5", "-", "UNIX-CONNECT:" + this.socket),
					"still theirs\n");
			assertThat(echoed).isEqualTo(new TestPipes.ProcessResult(0, "still theirs\n"));
		}
		finally {
			squatter.destroy();
			assertThat(squatter.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void directoryWritableByOthersWithoutTheStickyBitIsWarnedAbout() throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger(UnixDomainSocketServer.class);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		logger.addAppender(log);
		logger.setLevel(Level.INFO);
		try {
			chmodDirectory("1777"); // like /tmp: everyone may create, only owners may delete
			TestPipes.bind(this.endPoint).close();
			assertThat(log.list).noneMatch((event) -> event.getLevel() == Level.WARN);
			chmodDirectory("0777");
			try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
				assertThat(listener.isListening()).isTrue();
			}
			assertThat(log.list).filteredOn((event) -> event.getLevel() == Level.WARN)
				.singleElement()
				.extracting(ILoggingEvent::getFormattedMessage)
				.isEqualTo("The directory " + this.directory + " of named pipe '" + this.endPoint.name()
						+ "' is writable by every user and not sticky: others can delete or replace the socket file");
		}
		finally {
			logger.detachAppender(log);
			logger.setLevel(null);
		}
	}

	@Test
	void socketFileIsOwnerOnlyByDefault() throws Exception {
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.socket)))
				.isEqualTo("rw-------");
			assertNoStagingLeftovers();
		}
	}

	@Test
	void configuredPermissionsApplyWhenNotCurrentUserOnly() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("0660")
			.build();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint, options,
				NamedPipeTransportObserver.NONE)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.socket)))
				.isEqualTo("rw-rw----");
		}
	}

	@Test
	void closeLeavesASocketThatReplacedOurs() throws Exception {
		NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
		Files.delete(this.socket);
		try (ServerSocketChannel intruder = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			intruder.bind(UnixDomainSocketAddress.of(this.socket));
			listener.close();
			assertThat(this.socket).exists();
		}
	}

	@Test
	void missingDirectoryIsReported() {
		NamedPipeEndPoint nowhere = NamedPipeEndPoint.of(this.directory.resolve("missing/p").toString());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TestPipes.bind(nowhere).close())
			.withMessageContaining("the directory does not exist");
	}

	@Test
	void directoryWhereNothingCanBeCreatedIsReportedWithThePipeName() {
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "procfs refuses new entries even to root");
		NamedPipeEndPoint inProc = NamedPipeEndPoint.of("/proc/namedpipe-test");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TestPipes.bind(inProc).close())
			.withMessageStartingWith("Cannot bind named pipe '/proc/namedpipe-test': cannot create its private bind "
					+ "directory in /proc");
	}

	private void chmodDirectory(String octalMode) throws Exception {
		// the sticky bit cannot be set through java.nio
		assertThat(TestPipes.run(List.of("chmod", octalMode, this.directory.toString()), null).exitCode()).isZero();
	}

	private void assertNoStagingLeftovers() throws IOException {
		try (var files = Files.list(this.directory)) {
			assertThat(files.map((file) -> file.getFileName().toString())).noneMatch((name) -> name.startsWith(".np"));
		}
	}

}
