package dev.namedpipe.unix;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SocketChannel;
import java.util.Locale;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's uid, gid and pid as the kernel recorded them at connect, through JNA: numbers
 * only, no user-database lookup. Linux: {@code getsockopt(SO_PEERCRED)}. macOS:
 * {@code getpeereid} (the effective uid and gid, which it reads with {@code LOCAL_PEERCRED})
 * and {@code getsockopt(LOCAL_PEERPID)}. The JDK has the option
 * ({@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}) but turns the ids into names on every
 * call and drops the pid. The calls need the socket's descriptor, which the JDK gives only to
 * code its {@code sun.nio.ch} package is exported to: so this path works when the JVM runs
 * with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (class path) or
 * {@code =dev.namedpipe} (module path), on Linux or macOS, with JNA; anywhere else
 * {@link #read} gives {@code null} and the JDK's option is used. The functions are bound by
 * JNA's direct mapping (a native method per function), a fraction of the cost of a call
 * through a {@code Library} proxy on every accept.
 */
final class NativePeerCredentials {

	private static final Logger logger = LoggerFactory.getLogger(NativePeerCredentials.class);

	private static final @Nullable Reader READER = reader();

	private NativePeerCredentials() {
	}

	/**
	 * Whether the credentials are read here.
	 * @return {@code true} on Linux and macOS with JNA and {@code sun.nio.ch} exported to this
	 * module
	 */
	static boolean available() {
		return READER != null;
	}

	/**
	 * The peer's credentials.
	 * @param channel a connected Unix socket
	 * @return the credentials, or {@code null} when not {@link #available()}
	 * @throws LastErrorException when a call fails
	 */
	static @Nullable Credentials read(SocketChannel channel) {
		Reader reader = READER;
		if (reader == null) {
			return null;
		}
		int fd;
		try {
			fd = (int) reader.fdVal().invoke(channel);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot read the descriptor of " + channel, ex);
		}
		return reader.macOs() ? MacOsPeerCredentials.of(fd) : LinuxPeerCredentials.of(fd);
	}

	private static @Nullable Reader reader() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		boolean macOs = os.startsWith("mac");
		if (!os.startsWith("linux") && !macOs) {
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
			Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
			MethodHandle fdVal = MethodHandles.lookup()
				.findVirtual(selectable, "getFDVal", MethodType.methodType(int.class))
				.asType(MethodType.methodType(int.class, SocketChannel.class));
			// Loading a class binds its functions: a failure shows here, not on the first accept
			// or the first name asked for.
			ClassLoader loader = NativePeerCredentials.class.getClassLoader();
			Class.forName((macOs ? MacOsPeerCredentials.class : LinuxPeerCredentials.class).getName(), true, loader);
			Class.forName(UserDatabase.class.getName(), true, loader);
			return new Reader(fdVal, macOs);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			// JNA is there but its native library or the C functions are not: said once, here.
			logger.warn("Peer credentials through the JDK (names only, no uid or pid): the native call cannot be "
					+ "bound ({})", ex.toString());
			logger.debug("Binding the native peer-credential call failed", ex);
			return null;
		}
	}

	private record Reader(MethodHandle fdVal, boolean macOs) {

	}

	/**
	 * What the kernel recorded of the peer.
	 *
	 * @param uid the peer's user id
	 * @param gid the peer's group id
	 * @param pid the peer's process id, as the process that connected
	 */
	record Credentials(long uid, long gid, long pid) {

	}

	/**
	 * Linux's {@code SO_PEERCRED}, in a class of its own so that JNA is loaded only where it is
	 * there. Arrays, which JNA passes through its per-call buffer: no native allocation to free
	 * per accept, as a {@code Memory} would be.
	 */
	private static final class LinuxPeerCredentials {

		private static final int SOL_SOCKET = 1;

		private static final int SO_PEERCRED = 17;

		// struct ucred: pid, uid, gid
		private static final int UCRED_INTS = 3;

		static {
			Native.register(LinuxPeerCredentials.class, Platform.C_LIBRARY_NAME);
		}

		private LinuxPeerCredentials() {
		}

		static Credentials of(int fd) {
			int[] ucred = new int[UCRED_INTS];
			getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, new int[] { UCRED_INTS * Integer.BYTES });
			return new Credentials(Integer.toUnsignedLong(ucred[1]), Integer.toUnsignedLong(ucred[2]), ucred[0]);
		}

		private static native int getsockopt(int fd, int level, int option, int[] value, int[] length)
				throws LastErrorException;

	}

	/**
	 * macOS's {@code getpeereid} and {@code LOCAL_PEERPID} ({@code <sys/un.h>}: level
	 * {@code SOL_LOCAL} 0, option 2). Not run by this project's tests: they run on Linux.
	 */
	private static final class MacOsPeerCredentials {

		private static final int SOL_LOCAL = 0;

		private static final int LOCAL_PEERPID = 2;

		static {
			Native.register(MacOsPeerCredentials.class, Platform.C_LIBRARY_NAME);
		}

		private MacOsPeerCredentials() {
		}

		static Credentials of(int fd) {
			int[] uid = new int[1];
			int[] gid = new int[1];
			getpeereid(fd, uid, gid);
			int[] pid = new int[1];
			getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, pid, new int[] { Integer.BYTES });
			return new Credentials(Integer.toUnsignedLong(uid[0]), Integer.toUnsignedLong(gid[0]), pid[0]);
		}

		private static native int getpeereid(int fd, int[] uid, int[] gid) throws LastErrorException;

		private static native int getsockopt(int fd, int level, int option, int[] value, int[] length)
				throws LastErrorException;

	}

}
