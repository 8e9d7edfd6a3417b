package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unix users and groups created for the tests (CI runs as root) and commands run as them
 * with {@code setpriv}. Creating them is idempotent: one that exists is kept.
 */
final class ThrowawayUsers {

	/** An interpreter other users can run: {@link RequiredTool#SYSTEM_PYTHON3}. */
	private static final String PYTHON = "/usr/bin/python3";

	/** Connects, sends a line, reads the reply; a refused connect exits 3 with the errno. */
	private static final String PYTHON_EXCHANGE = """
			import socket, sys
			client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			error = client.connect_ex(sys.argv[1])
			if error:
			    print("connect-error", error)
			    sys.exit(3)
			reply = b""
			try:
			    client.sendall(b"ping\\n")
			    client.shutdown(socket.SHUT_WR)
			    reply = client.recv(256)
			except OSError:
			    pass
			print("reply:" + reply.decode().strip())
			""";

	private ThrowawayUsers() {
	}

	/**
	 * A new directory in /tmp (short socket paths) that other users may enter, so that only a
	 * socket's own mode and the server decide who connects.
	 */
	static Path directoryOthersCanEnter(String prefix) throws IOException {
		Path directory = Files.createTempDirectory(Path.of("/tmp"), prefix);
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		return directory;
	}

	/** Requires root and the tools that create users and run a Python client as them. */
	static void require() {
		RequiredTool.requireRoot("creating users and running processes as them");
		RequiredTool.USER_ADMINISTRATION.require();
		RequiredTool.UTIL_LINUX.require();
		RequiredTool.SYSTEM_PYTHON3.require();
	}

	static void group(Path workDirectory, String group) throws IOException, InterruptedException {
		if (ExternalProgram.run(workDirectory, "getent", "group", group).exitCode() != 0) {
			succeed(ExternalProgram.run(workDirectory, "groupadd", "--system", group));
		}
	}

	/**
	 * Creates a system user without a home or login shell.
	 * @param primaryGroup an existing group
	 * @param supplementaryGroups existing groups the user is a member of, or none
	 */
	static void user(Path workDirectory, String user, String primaryGroup, String... supplementaryGroups)
			throws IOException, InterruptedException {
		if (ExternalProgram.run(workDirectory, "id", "-u", user).exitCode() == 0) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("useradd", "--system", "--no-create-home", "--shell",
				"/usr/sbin/nologin", "--gid", primaryGroup));
		if (supplementaryGroups.length > 0) {
			command.addAll(List.of("--groups", String.join(",", supplementaryGroups)));
		}
		command.add(user);
		succeed(ExternalProgram.run(workDirectory, command.toArray(String[]::new)));
	}

	/**
	 * A command run as the user, with the user's primary group and the supplementary groups
	 * /etc/group gives it.
	 * @param bypassFileMode whether to keep {@code CAP_DAC_OVERRIDE}, so that a socket's file
	 * mode does not stop the command and the server's peer-credential check is what refuses it
	 */
	static String[] as(String user, String primaryGroup, boolean bypassFileMode, String... command) {
		List<String> asUser = new ArrayList<>(
				List.of("setpriv", "--reuid=" + user, "--regid=" + primaryGroup, "--init-groups"));
		if (bypassFileMode) {
			asUser.addAll(List.of("--inh-caps=+dac_override", "--ambient-caps=+dac_override"));
		}
		asUser.addAll(List.of(command));
		return asUser.toArray(String[]::new);
	}

	/**
	 * A {@code python3} client that sends {@code ping} and prints {@code reply:} and what came
	 * back (nothing when the server closed the connection unanswered), or
	 * {@code connect-error <errno>} when it could not connect.
	 */
	static String[] pythonExchange(Path socket) {
		return new String[] { PYTHON, "-c", PYTHON_EXCHANGE, socket.toString() };
	}

	private static void succeed(ExternalProgram process) {
		assertThat(process.exitCode()).as("%s", process).isZero();
	}

}
