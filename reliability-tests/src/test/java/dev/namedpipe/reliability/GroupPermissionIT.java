package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code current-user-only=false} with {@code unix-socket-permissions=rw-rw----}: the server
 * runs as a throwaway owner whose primary group is a throwaway group, so the socket file gets
 * that group (the server process's effective gid); a member of the group gets in, a
 * non-member is refused by the file mode.
 */
@UnixOnly("Unix users, groups and the socket file's mode")
class GroupPermissionIT {

	private static final String SOCKET_GROUP = "nprel-sock";

	private static final String OTHER_GROUP = "nprel-other";

	private static final String OWNER = "nprel-owner";

	private static final String MEMBER = "nprel-member";

	private static final String NON_MEMBER = "nprel-other";

	private static final int ATTEMPTS = 10;

	private Path directory;

	private Path socket;

	private ExternalProgram server;

	@BeforeEach
	void startServerAsTheOwner() throws Exception {
		ThrowawayUsers.require();
		this.directory = ThrowawayUsers.directoryOthersCanEnter("ngp");
		ThrowawayUsers.group(this.directory, SOCKET_GROUP);
		ThrowawayUsers.group(this.directory, OTHER_GROUP);
		ThrowawayUsers.user(this.directory, OWNER, SOCKET_GROUP);
		ThrowawayUsers.user(this.directory, MEMBER, OTHER_GROUP, SOCKET_GROUP);
		ThrowawayUsers.user(this.directory, NON_MEMBER, OTHER_GROUP);
		UserPrincipalLookupService principals = this.directory.getFileSystem().getUserPrincipalLookupService();
		Path socketDirectory = Files.createDirectory(this.directory.resolve("s"));
		Files.setOwner(socketDirectory, principals.lookupPrincipalByName(OWNER));
		this.socket = socketDirectory.resolve("group.sock");
		String classpath = readableClasspath().toString();
		this.server = ExternalProgram.start(this.directory,
				ThrowawayUsers.as(OWNER, SOCKET_GROUP, false, Path.of(System.getProperty("java.home"), "bin", "java")
					.toString(), "-cp", classpath, GroupPipeServer.class.getName(), this.socket.toString(), "rw-rw----"));
		await().atMost(Pipes.WAIT).untilAsserted(() -> {
			assertThat(this.server.isAlive()).as("%s", this.server).isTrue();
			assertThat(this.server.stdout()).as("%s", this.server).contains("listening");
		});
	}

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.stop();
			assertThat(this.socket).as("the socket file, removed by the server as it stops").doesNotExist();
		}
		if (this.directory != null) {
			PipeNames.deleteDirectory(this.directory);
		}
	}

	@Test
	void memberOfTheSocketsGroupGetsInAndANonMemberDoesNot() throws Exception {
		PosixFileAttributes attributes = Files.readAttributes(this.socket, PosixFileAttributes.class);
		assertThat(attributes.owner().getName()).isEqualTo(OWNER);
		assertThat(attributes.group().getName()).isEqualTo(SOCKET_GROUP);
		assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-rw----");
		Map<String, Integer> outcomes = new TreeMap<>();
		for (int i = 0; i < ATTEMPTS; i++) {
			outcomes.merge(exchangeAs(MEMBER, OTHER_GROUP), 1, Integer::sum);
			outcomes.merge(exchangeAs(NON_MEMBER, OTHER_GROUP), 1, Integer::sum);
		}
		assertThat(outcomes).isEqualTo(Map.of("reply:" + MEMBER + ":ping", ATTEMPTS, "connect-error 13", ATTEMPTS));
		assertThat(exchangeAs(OWNER, SOCKET_GROUP)).isEqualTo("reply:" + OWNER + ":ping");
		assertThat(this.server.isAlive()).as("%s", this.server).isTrue();
		Figures.report("group permission", "socket %s %s %s; %d attempts each: %s", attributes.owner().getName(),
				attributes.group().getName(), PosixFilePermissions.toString(attributes.permissions()), ATTEMPTS,
				outcomes);
	}

	private String exchangeAs(String user, String primaryGroup) throws Exception {
		ExternalProgram client = ExternalProgram.run(this.directory,
				ThrowawayUsers.as(user, primaryGroup, false, ThrowawayUsers.pythonExchange(this.socket)));
		return client.stdout().strip();
	}

	/**
	 * The server's classes (the transport and this server) copied where its user may read
	 * them: the test's own class path may be under a home directory that only root can enter.
	 */
	private Path readableClasspath() throws IOException {
		Path classes = Files.createDirectory(this.directory.resolve("cp"));
		Path transport = copy(codeSource(NamedPipeTransport.class), classes.resolve("namedpipe-core"));
		Path logging = copy(codeSource(org.slf4j.LoggerFactory.class), classes.resolve("slf4j-api.jar"));
		String serverClass = GroupPipeServer.class.getName().replace('.', '/') + ".class";
		Path server = classes.resolve("server");
		Files.createDirectories(server.resolve(serverClass).getParent());
		for (String compiled : new String[] { serverClass, serverClass.replace(".class", "$1.class") }) {
			Files.copy(codeSource(GroupPipeServer.class).resolve(compiled), server.resolve(compiled));
		}
		return Path.of(transport + ":" + logging + ":" + server);
	}

	private static Path codeSource(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Copies a jar, or a directory of classes, keeping the default (world-readable) modes. */
	private static Path copy(Path source, Path target) throws IOException {
		if (Files.isRegularFile(source)) {
			return Files.copy(source, target);
		}
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Files.copy(file, target.resolve(source.relativize(file).toString()));
			}
		}
		return target;
	}

}
