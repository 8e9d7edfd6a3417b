package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unix users and groups created for the tests (CI runs as root) and commands run as them
 * with {@code setpriv}. Creating them is idempotent: one that exists is kept.
 */
final class ThrowawayUsers {

	/** An interpreter other users can run (a pyenv shim under /root is not one). */
	private static final String PYTHON = "/usr/bin/python3";

	/** Connects, sends a line, reads the reply; a refused connect exits 3 with the errno. */
	private static final String PYTHON_EXCHANGE = """
			import socket, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			try:
			    s.connect(sys.argv[1])
			except OSError as e:
			    print("connect-error", e.errno)
			    sys.exit(3)
			try:
			    s.sendall(b"ping\\n")
			    s.shutdown(socket.SHUT_WR)
			    reply = s.recv(256)
			except OSError:
			    reply = b""
			print("reply:" + reply.decode().strip())
			""";

	private ThrowawayUsers() {
	}

	static void assumeRoot() {
		assumeTrue("root".equals(System.getProperty("user.name")),
				"creating users and running processes as them needs root (CI runs as root)");
	}

	static void group(Path workDirectory, String group) throws IOException, InterruptedException {
		if (ExternalProcess.run(workDirectory, "getent", "group", group).exitCode() != 0) {
			succeed(ExternalProcess.run(workDirectory, "groupadd", "--system", group));
		}
	}

	/**
	 * Creates a system user without a home or login shell.
	 * @param primaryGroup an existing group
	 * @param supplementaryGroups existing groups the user is a member of, or none
	 */
	static void user(Path workDirectory, String user, String primaryGroup, String... supplementaryGroups)
			throws IOException, InterruptedException {
		if (ExternalProcess.run(workDirectory, "id", "-u", user).exitCode() == 0) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("useradd", "--system", "--no-create-home", "--shell",
				"/usr/sbin/nologin", "--gid", primaryGroup));
		if (supplementaryGroups.length > 0) {
			command.addAll(List.of("--groups", String.join(",", supplementaryGroups)));
		}
		command.add(user);
		succeed(ExternalProcess.run(workDirectory, command.toArray(String[]::new)));
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

	private static void succeed(ExternalProcess process) {
		assertThat(process.exitCode()).as("%s", process).isZero();
	}

}
