package dev.namedpipe.testsupport;

import java.util.Optional;

import com.sun.jna.Function;

/**
 * The platform the tests run on: Windows or Unix, and whether this Windows is Wine (whose
 * {@code ntdll.dll} exports {@code wine_get_version}; real Windows' does not).
 */
public final class TestPlatform {

	private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

	private static final String WINE_VERSION = WINDOWS ? readWineVersion() : null;

	private TestPlatform() {
	}

	/**
	 * Whether the tests run on Windows (real, or Wine).
	 * @return {@code true} on Windows
	 */
	public static boolean isWindows() {
		return WINDOWS;
	}

	/**
	 * The version of Wine this Windows JVM runs on.
	 * @return the version, empty on real Windows and on Unix
	 */
	public static Optional<String> wineVersion() {
		return Optional.ofNullable(WINE_VERSION);
	}

	/**
	 * The user running the tests as a peer identity on a pipe names it: the user name on
	 * Unix, the account {@code DOMAIN\name} on Windows.
	 * @return the user
	 */
	public static String currentUser() {
		String user = System.getProperty("user.name");
		return WINDOWS ? System.getenv("USERDOMAIN") + "\\" + user : user;
	}

	private static String readWineVersion() {
		try {
			return Function.getFunction("ntdll", "wine_get_version").invokeString(new Object[0], false);
		}
		catch (UnsatisfiedLinkError ex) {
			return null;
		}
	}

}
