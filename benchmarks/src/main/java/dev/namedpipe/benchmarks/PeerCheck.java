package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check our listener makes on Unix after each accept, for a baseline server to make too:
 * the peer's uid from the kernel, through the same call ({@code NativePeerCredentials.read},
 * internal to namedpipe-core and reached here reflectively), compared with this process's uid,
 * as .NET does after each accept of a current-user-only pipe. Needs what the listener's native
 * path needs: Linux or macOS, JNA, and {@code sun.nio.ch} exported.
 */
final class PeerCheck {

	private final MethodHandle read;

	private final MethodHandle uidOf;

	private final long uid;

	private PeerCheck(MethodHandle read, MethodHandle uidOf, long uid) {
		this.read = read;
		this.uidOf = uidOf;
		this.uid = uid;
	}

	static PeerCheck ofCurrentUser() throws IOException {
		try {
			Class<?> credentials = Class.forName("dev.namedpipe.unix.NativePeerCredentials");
			Method available = credentials.getDeclaredMethod("available");
			available.setAccessible(true);
			if (!(boolean) available.invoke(null)) {
				throw new IllegalStateException("Peer credentials are not read natively here: the JVM needs JNA and "
						+ "--add-exports java.base/sun.nio.ch=ALL-UNNAMED, as the benchmark run has");
			}
			Method read = credentials.getDeclaredMethod("read", SocketChannel.class);
			read.setAccessible(true);
			Method uid = Class.forName("dev.namedpipe.unix.NativePeerCredentials$Credentials").getDeclaredMethod("uid");
			uid.setAccessible(true);
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			return new PeerCheck(
					lookup.unreflect(read).asType(MethodType.methodType(Object.class, SocketChannel.class)),
					lookup.unreflect(uid).asType(MethodType.methodType(long.class, Object.class)),
					((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("namedpipe-core's peer credentials cannot be reached", ex);
		}
	}

	/**
	 * Whether the peer is this process's user.
	 * @param client an accepted connection
	 * @return {@code true} if so, {@code false} also when the credentials cannot be read
	 */
	boolean admits(SocketChannel client) {
		try {
			Object credentials = this.read.invokeExact(client);
			return credentials != null && (long) this.uidOf.invokeExact(credentials) == this.uid;
		}
		catch (Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// a peer whose credentials cannot be read is refused, as by our listener
			return false;
		}
	}

}
