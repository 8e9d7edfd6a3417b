package dev.namedpipe.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A program some tests run, with the Debian package that brings it. Missing, such a test is
 * skipped with a message saying what to install and listed at the end of the test run
 * ({@link MissingToolsListener}); with the environment variable {@code CI=true} it fails
 * instead (CI installs every tool, so a skip there would hide a lost test). Tests that need
 * root say so with {@link #requireRoot(String)}, on the same terms.
 */
public enum RequiredTool {

	/** curl, the HTTP client. */
	CURL("apt-get install curl", "curl"),

	/** The C compiler. */
	GCC("apt-get install gcc", "gcc"),

	/** Mono's C# compiler and runtime, with .NET's {@code System.IO.Pipes}. */
	MONO("apt-get install mono-mcs mono-runtime libmono-system-core4.0-cil", "mcs", "mono"),

	/** Debian's nginx, at its own path ({@code /usr/sbin} is not on every user's {@code PATH}). */
	NGINX("apt-get install nginx", "/usr/sbin/nginx"),

	/** Node.js. */
	NODE("apt-get install nodejs (on Windows: Node.js on the PATH)", "node"),

	/** npm, which installs the benchmarks' HTTP load client. */
	NPM("apt-get install npm", "npm"),

	/** Python 3 on the {@code PATH}. */
	PYTHON3("apt-get install python3", "python3"),

	/** The system's Python 3, which other users can run too (a pyenv shim under /root is not one). */
	SYSTEM_PYTHON3("apt-get install python3", "/usr/bin/python3"),

	/**
	 * gRPC for the system's Python 3 (grpcio, gRPC's C core) and its code generator, as
	 * Debian packages them (their modules' files stand for them).
	 */
	PYTHON3_GRPC("apt-get install python3-grpcio python3-grpc-tools", "/usr/bin/python3",
			"/usr/lib/python3/dist-packages/grpc/__init__.py", "/usr/lib/python3/dist-packages/grpc_tools/protoc.py"),

	/** socat. */
	SOCAT("apt-get install socat", "socat"),

	/** systemd's socket-activation launcher. */
	SYSTEMD_SOCKET_ACTIVATE("apt-get install systemd", "systemd-socket-activate"),

	/** {@code setpriv} and {@code prlimit}, to run as another user or raise a limit. */
	UTIL_LINUX("apt-get install util-linux", "setpriv", "prlimit"),

	/** {@code useradd} and {@code groupadd}. */
	USER_ADMINISTRATION("apt-get install passwd", "useradd", "groupadd");

	/** The environment variable that turns a skip for a missing tool into a failure. */
	public static final String CI = "CI";

	private final String installHint;

	private final List<String> commands;

	RequiredTool(String installHint, String... commands) {
		this.installHint = installHint;
		this.commands = List.of(commands);
	}

	/**
	 * Requires the tool: skips the test (or fails it when {@code CI=true}) with
	 * {@code "Missing tool: <command> not found on PATH: <how to install it>"}.
	 */
	public void require() {
		missingCommand().ifPresent((command) -> fail("Missing tool: " + command
				+ (command.contains("/") ? " not found: " : " not found on PATH: ") + this.installHint));
	}

	/**
	 * Requires the tests to run as root: skips the test (or fails it when {@code CI=true})
	 * with {@code "Needs root: <why>"}.
	 * @param why what needs root, such as {@code "running a client as another user"}
	 */
	public static void requireRoot(String why) {
		if (!"root".equals(System.getProperty("user.name"))) {
			fail("Needs root: " + why + ": run the tests as root, as CI does");
		}
	}

	private Optional<String> missingCommand() {
		return this.commands.stream().filter((command) -> !isExecutable(command)).findFirst();
	}

	private static void fail(String message) {
		if ("true".equals(System.getenv(CI))) {
			throw new AssertionError(message + " (required when " + CI + "=true)");
		}
		throw new MissingToolException(message);
	}

	// A path is a program, or a Python module's file (which need not be executable).
	private static boolean isExecutable(String command) {
		if (command.endsWith(".py")) {
			return Files.isRegularFile(Path.of(command));
		}
		if (command.contains("/")) {
			return Files.isExecutable(Path.of(command));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.flatMap((directory) -> Stream.of(Path.of(directory, command), Path.of(directory, command + ".exe")))
			.anyMatch(Files::isExecutable);
	}

}
