package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.channels.Channel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

/**
 * A socket a launcher passed at a file descriptor other than 0, through the C library by JNA.
 * The JDK opens an inherited socket only at standard input ({@link System#inheritedChannel()}),
 * so the socket is moved there first; and when that channel closes, the JDK points standard
 * input, output and error at {@code /dev/null} (in inetd's way the socket is all three), so
 * output and error, which are not the socket here (a log, the journal), are put back after the
 * close. Loaded only when a launcher passed sockets.
 */
final class InheritedFds {

	private static final int STANDARD_INPUT = 0;

	private static final int STANDARD_OUTPUT = 1;

	private static final int STANDARD_ERROR = 2;

	private InheritedFds() {
	}

	/**
	 * The channel of a passed socket.
	 * @param fd the socket's descriptor
	 * @return the channel {@link System#inheritedChannel()} makes of it
	 * @throws IOException when JNA is missing or a call fails
	 */
	static @Nullable Channel inheritedChannel(int fd) throws IOException {
		if (!JnaPresence.present()) {
			throw new IOException("The launcher passed a socket at fd " + fd + " (LISTEN_FDS), which the JDK cannot "
					+ "open: moving it to standard input needs JNA (net.java.dev.jna:jna, which the starter brings) on "
					+ "the class path; or pass the socket on standard input (systemd: StandardInput=socket)");
		}
		return CLibrary.inheritedChannel(fd);
	}

	/**
	 * Closes the channel of a passed socket, keeping standard output and error where they were.
	 * @param channel the channel {@link #inheritedChannel(int)} returned
	 * @throws IOException when closing fails
	 */
	static void closeKeepingOutput(Channel channel) throws IOException {
		CLibrary.closeKeepingOutput(channel);
	}

	/** The C library's calls, in a class of its own so that JNA is loaded only here. */
	private static final class CLibrary {

		static @Nullable Channel inheritedChannel(int fd) throws IOException {
			LibC libc = libc();
			if (libc.dup2(fd, STANDARD_INPUT) < 0) {
				throw new IOException("dup2(" + fd + ", 0) failed, so the socket the launcher passed cannot be opened");
			}
			libc.close(fd);
			return System.inheritedChannel();
		}

		static void closeKeepingOutput(Channel channel) throws IOException {
			LibC libc = libc();
			int output = libc.dup(STANDARD_OUTPUT);
			int error = libc.dup(STANDARD_ERROR);
			try {
				channel.close();
			}
			finally {
				restore(libc, output, STANDARD_OUTPUT);
				restore(libc, error, STANDARD_ERROR);
			}
		}

		private static LibC libc() {
			return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
		}

		private static void restore(LibC libc, int saved, int fd) {
			if (saved >= 0) {
				libc.dup2(saved, fd);
				libc.close(saved);
			}
		}

	}

	/** {@code dup}, {@code dup2} and {@code close}. */
	public interface LibC extends Library {

		int dup(int fd);

		int dup2(int from, int to);

		int close(int fd);

	}

}
