package dev.namedpipe;

import java.util.Locale;

/**
 * The operating-system families the transport knows, with the facts that shape a pipe
 * address on each.
 */
public enum NamedPipePlatform {

	/** Win32 named pipes, {@code \\.\pipe\<name>}. */
	WINDOWS(0),

	/** Unix domain sockets; {@code sun_path} holds 108 bytes including the terminating NUL. */
	LINUX(108),

	/** Unix domain sockets; {@code sun_path} holds 104 bytes including the terminating NUL. */
	MACOS(104),

	/** Any other Unix; the smaller {@code sun_path} (104 bytes) is assumed. */
	OTHER_UNIX(104);

	private final int socketPathCapacity;

	NamedPipePlatform(int socketPathCapacity) {
		this.socketPathCapacity = socketPathCapacity;
	}

	/**
	 * The platform this JVM runs on.
	 * @return the current platform
	 */
	public static NamedPipePlatform current() {
		return of(System.getProperty("os.name", ""));
	}

	static NamedPipePlatform of(String osName) {
		String os = osName.toLowerCase(Locale.ROOT);
		if (os.startsWith("windows")) {
			return WINDOWS;
		}
		if (os.startsWith("linux")) {
			return LINUX;
		}
		if (os.startsWith("mac") || os.startsWith("darwin")) {
			return MACOS;
		}
		return OTHER_UNIX;
	}

	/**
	 * Whether pipes are Win32 named pipes here.
	 * @return {@code true} on Windows
	 */
	public boolean isWindows() {
		return this == WINDOWS;
	}

	/**
	 * The longest Unix socket path in bytes (UTF-8), without the terminating NUL.
	 * @return the byte limit, 0 on Windows
	 */
	public int maxSocketPathBytes() {
		return Math.max(0, this.socketPathCapacity - 1);
	}

	/**
	 * The transport tag OpenTelemetry and Kestrel use for this platform's pipes.
	 * @return {@code pipe} on Windows, {@code unix} elsewhere
	 */
	public String networkTransport() {
		return isWindows() ? "pipe" : "unix";
	}

	String displayName() {
		return switch (this) {
			case WINDOWS -> "Windows";
			case LINUX -> "Linux";
			case MACOS -> "macOS";
			case OTHER_UNIX -> "this Unix";
		};
	}

}
