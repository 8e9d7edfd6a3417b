package dev.namedpipe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipe name resolved to its platform address: {@code \\.\pipe\<name>} on Windows, a Unix
 * domain socket elsewhere. The Unix path follows .NET's convention,
 * {@code ${TMPDIR:-/tmp}/CoreFxPipe_<name>}, so that .NET pipe clients interoperate; a name
 * that is an absolute path is used as the socket path as it is.
 */
public final class NamedPipeEndPoint {

	/** The prefix .NET puts before a pipe name to make its Unix socket file name. */
	public static final String UNIX_FILE_PREFIX = "CoreFxPipe_";

	private static final String WINDOWS_PREFIX = "\\\\.\\pipe\\";

	private static final int WINDOWS_MAX_PATH_CHARS = 256;

	// npipe:////./pipe/<name> (Docker's form) or npipe://./pipe/<name>; the host is group 1.
	private static final Pattern NPIPE_URI = Pattern.compile("npipe:(?://)?//([^/]*)/pipe/([^/]+)");

	// unix:///<path> or unix:/<path>: an absolute path, group 1.
	private static final Pattern UNIX_URI = Pattern.compile("unix:(?://)?(/[^/].*)");

	// \\<host>\pipe\<name>, the Win32 path of a pipe; the host is group 1.
	private static final Pattern WINDOWS_PATH = Pattern.compile("\\\\\\\\([^\\\\]*)\\\\pipe\\\\(.+)");

	private static final Pattern OTHER_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

	private final String name;

	private final NamedPipePlatform platform;

	private final String address;

	private NamedPipeEndPoint(String name, NamedPipePlatform platform, String address) {
		this.name = name;
		this.platform = platform;
		this.address = address;
	}

	/**
	 * Resolves a pipe name for the current platform, with {@code TMPDIR} (or {@code /tmp})
	 * as the Unix socket directory.
	 * @param name the pipe name
	 * @return the endpoint
	 * @throws InvalidNamedPipeSettingException if the name cannot be a pipe here
	 */
	public static NamedPipeEndPoint of(String name) {
		return of(name, NamedPipePlatform.current(), defaultSocketDirectory());
	}

	/**
	 * Resolves a pipe name for a given platform.
	 * @param name the pipe name
	 * @param platform the platform to resolve for
	 * @param socketDirectory the directory of Unix socket files (ignored on Windows)
	 * @return the endpoint
	 * @throws InvalidNamedPipeSettingException if the name cannot be a pipe on that platform
	 */
	public static NamedPipeEndPoint of(String name, NamedPipePlatform platform, Path socketDirectory) {
		Objects.requireNonNull(platform, "platform");
		if (name == null || name.isBlank()) {
			throw invalid(name, "a pipe name must not be empty", "Set a name such as 'my-app'");
		}
		if (name.indexOf('\0') >= 0) {
			throw invalid(name, "a pipe name must not contain a NUL character", "Remove it");
		}
		return platform.isWindows() ? windows(name) : unix(name, platform, socketDirectory);
	}

	/**
	 * Resolves a pipe as a client names it, for the current platform: a pipe name or an
	 * absolute Unix socket path as {@link #of(String)} resolves them, a Win32 pipe path
	 * {@code \\.\pipe\<name>}, or a URI in Docker's forms, {@code npipe:////./pipe/<name>}
	 * (the name is then resolved as a pipe name) and {@code unix:///<absolute path>}.
	 * @param pipe the pipe, as configured
	 * @return the endpoint
	 * @throws InvalidNamedPipeSettingException (setting {@code pipe}) if the value names no
	 * local pipe of this platform
	 */
	public static NamedPipeEndPoint parse(String pipe) {
		return parse(pipe, NamedPipePlatform.current(), defaultSocketDirectory());
	}

	/**
	 * Resolves a pipe as a client names it (see {@link #parse(String)}) for a given platform.
	 * @param pipe the pipe, as configured
	 * @param platform the platform to resolve for
	 * @param socketDirectory the directory of Unix socket files (ignored on Windows)
	 * @return the endpoint
	 * @throws InvalidNamedPipeSettingException (setting {@code pipe}) if the value names no
	 * local pipe of that platform
	 */
	public static NamedPipeEndPoint parse(String pipe, NamedPipePlatform platform, Path socketDirectory) {
		Objects.requireNonNull(platform, "platform");
		String value = (pipe != null) ? pipe.strip() : null;
		if (value == null || value.isEmpty()) {
			throw invalidPipe(pipe, "a pipe must not be empty",
					"Set a pipe name such as 'my-app', a socket path, or a URI such as unix:///var/run/docker.sock");
		}
		String name = value;
		Matcher windowsPath = WINDOWS_PATH.matcher(value);
		if (value.startsWith("npipe:")) {
			Matcher uri = NPIPE_URI.matcher(value);
			if (!uri.matches()) {
				throw invalidPipe(pipe, "an npipe URI names a pipe as npipe:////./pipe/<name>",
						"Write it as npipe:////./pipe/docker_engine");
			}
			name = local(pipe, uri.group(1), uri.group(2));
		}
		else if (value.startsWith("unix:")) {
			Matcher uri = UNIX_URI.matcher(value);
			if (!uri.matches()) {
				throw invalidPipe(pipe, "a unix URI takes an absolute socket path",
						"Write it as unix:///var/run/docker.sock");
			}
			if (platform.isWindows()) {
				throw invalidPipe(pipe, "Unix domain sockets are not named pipes on Windows",
						"Use a pipe name or npipe:////./pipe/<name>");
			}
			name = uri.group(1);
		}
		else if (windowsPath.matches()) {
			name = local(pipe, windowsPath.group(1), windowsPath.group(2));
		}
		else if (OTHER_URI.matcher(value).matches()) {
			throw invalidPipe(pipe, "only npipe: and unix: URIs name a pipe",
					"Use npipe:////./pipe/<name>, unix:///<socket path>, or a pipe name");
		}
		try {
			return of(name, platform, socketDirectory);
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw invalidPipe(pipe, ex.getReason(), ex.getAction());
		}
	}

	private static String local(String pipe, String host, String name) {
		if (!host.equals(".")) {
			throw invalidPipe(pipe, "the pipe is on host '" + host + "'; only local pipes are reached",
					"Use the local host '.', as in npipe:////./pipe/<name>");
		}
		return name;
	}

	private static InvalidNamedPipeSettingException invalidPipe(String pipe, String reason, String action) {
		return new InvalidNamedPipeSettingException("pipe", pipe, reason, action);
	}

	private static NamedPipeEndPoint windows(String name) {
		if (name.startsWith("\\\\")) {
			throw invalid(name, "a full pipe path is not a name; remote pipes are never served",
					"Give only the name after \\\\.\\pipe\\");
		}
		if (name.indexOf('\\') >= 0) {
			throw invalid(name, "a Windows pipe name must not contain a backslash", "Remove the backslash");
		}
		if (name.equalsIgnoreCase("anonymous")) {
			throw invalid(name, "'anonymous' is reserved by Windows", "Choose another name");
		}
		String address = WINDOWS_PREFIX + name;
		if (address.length() > WINDOWS_MAX_PATH_CHARS) {
			throw invalid(name, "the pipe path " + address.length() + " characters long exceeds Windows' limit of "
					+ WINDOWS_MAX_PATH_CHARS, "Use a shorter name");
		}
		return new NamedPipeEndPoint(name, NamedPipePlatform.WINDOWS, address);
	}

	private static NamedPipeEndPoint unix(String name, NamedPipePlatform platform, Path socketDirectory) {
		String path;
		if (name.startsWith("/")) {
			path = name;
		}
		else {
			if (name.indexOf('/') >= 0) {
				throw invalid(name, "a relative pipe name must not contain '/'",
						"Use a plain name, or an absolute socket path");
			}
			Objects.requireNonNull(socketDirectory, "socketDirectory");
			path = socketDirectory.resolve(UNIX_FILE_PREFIX + name).toString();
		}
		int bytes = path.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > platform.maxSocketPathBytes()) {
			throw invalid(name,
					"its Unix socket path '" + path + "' is " + bytes + " bytes long, over the "
							+ platform.maxSocketPathBytes() + "-byte limit of " + platform.displayName()
							+ " (sun_path)",
					"Use a shorter name, a shorter TMPDIR, or a short absolute path");
		}
		return new NamedPipeEndPoint(name, platform, path);
	}

	private static InvalidNamedPipeSettingException invalid(String name, String reason, String action) {
		return new InvalidNamedPipeSettingException("name", name, reason, action);
	}

	/**
	 * The directory .NET puts Unix pipe sockets in: {@code TMPDIR} when set, else {@code /tmp}.
	 * @return the directory
	 */
	public static Path defaultSocketDirectory() {
		String tmp = System.getenv("TMPDIR");
		return Path.of((tmp != null && !tmp.isBlank()) ? tmp : "/tmp");
	}

	/**
	 * The pipe name as configured.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The platform the address was resolved for.
	 * @return the platform
	 */
	public NamedPipePlatform platform() {
		return this.platform;
	}

	/**
	 * The platform address: the Win32 pipe path or the Unix socket path.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	/**
	 * The Unix socket path.
	 * @return the path
	 * @throws IllegalStateException on Windows
	 */
	public Path unixSocketPath() {
		if (this.platform.isWindows()) {
			throw new IllegalStateException("Named pipe '" + this.name + "' is a Win32 pipe, not a Unix socket");
		}
		return Path.of(this.address);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NamedPipeEndPoint that && this.platform == that.platform
				&& this.address.equals(that.address);
	}

	@Override
	public int hashCode() {
		return this.address.hashCode();
	}

	@Override
	public String toString() {
		return this.address;
	}

}
