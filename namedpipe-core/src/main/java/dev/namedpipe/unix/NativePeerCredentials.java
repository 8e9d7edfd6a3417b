package dev.namedpipe.unix;

import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.Locale;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's uid, gid and pid as the kernel recorded them at connect, Linux's
 * {@code getsockopt(SO_PEERCRED)} through JNA: numbers only, no user-database lookup. The JDK
 * has the same option ({@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}) but turns the ids into
 * names on every call and drops the pid. The call needs the socket's descriptor, which the JDK
 * gives only to code its {@code sun.nio.ch} package is exported to: so this path works when the
 * JVM runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (class path) or
 * {@code =dev.namedpipe} (module path), on Linux, with JNA; anywhere else {@link #read} gives
 * {@code null} and the JDK's option is used.
 */
final class NativePeerCredentials {

	private static final Logger logger = LoggerFactory.getLogger(NativePeerCredentials.class);

	private static final @Nullable Method FD_VAL = fdValMethod();

	private NativePeerCredentials() {
	}

	/**
	 * Whether the credentials are read here.
	 * @return {@code true} on Linux with JNA and {@code sun.nio.ch} exported to this module
	 */
	static boolean available() {
		return FD_VAL != null;
	}

	/**
	 * The peer's credentials.
	 * @param channel a connected Unix socket
	 * @return the credentials, or {@code null} when not {@link #available()}
	 * @throws LastErrorException when {@code getsockopt} fails
	 */
	static @Nullable Credentials read(SocketChannel channel) {
		if (FD_VAL == null) {
			return null;
		}
		int fd;
		try {
			fd = (int) FD_VAL.invoke(channel);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read the descriptor of " + channel, ex);
		}
		return PeerCred.of(fd);
	}

	private static @Nullable Method fdValMethod() {
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
			return null;
		}
		if (!Object.class.getModule().isExported("sun.nio.ch", NativePeerCredentials.class.getModule())) {
			logger.debug("Peer credentials through the JDK (names only): java.base does not export sun.nio.ch to {}",
					NativePeerCredentials.class.getModule());
			return null;
		}
		if (!JnaPresence.present()) {
			logger.debug("Peer credentials through the JDK (names only): no JNA");
			return null;
		}
		try {
			Method fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
			PeerCred.ensureLoaded();
			return fdVal;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			logger.debug("Peer credentials through the JDK (names only)", ex);
			return null;
		}
	}

	/**
	 * What {@code struct ucred} holds.
	 *
	 * @param uid the peer's user id
	 * @param gid the peer's group id
	 * @param pid the peer's process id, as the process that connected
	 */
	record Credentials(long uid, long gid, long pid) {

	}

	/** The call, in a class of its own so that JNA is loaded only where it is there. */
	private static final class PeerCred {

		private static final int SOL_SOCKET = 1;

		private static final int SO_PEERCRED = 17;

		// struct ucred: pid, uid, gid
		private static final int UCRED_INTS = 3;

		private static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

		// Loading the class loads the C library: a failure shows here, not on the first accept.
		static void ensureLoaded() {
		}

		// Arrays, which JNA passes through its per-call buffer: no native allocation to free per
		// accept, as a Memory or IntByReference would be.
		static Credentials of(int fd) {
			int[] ucred = new int[UCRED_INTS];
			LIBC.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, new int[] { UCRED_INTS * Integer.BYTES });
			return new Credentials(Integer.toUnsignedLong(ucred[1]), Integer.toUnsignedLong(ucred[2]), ucred[0]);
		}

	}

	/** {@code getsockopt}. */
	public interface LibC extends Library {

		int getsockopt(int fd, int level, int option, int[] value, int[] length) throws LastErrorException;

	}

}
