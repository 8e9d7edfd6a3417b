package dev.namedpipe.unix;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.NamedPipeEndPoint;

/**
 * The listening socket a launcher passed to this process (socket activation), handed once to
 * the endpoint bound at its path: systemd's protocol ({@code LISTEN_PID} this process,
 * {@code LISTEN_FDS} sockets from fd 3; {@code systemd-socket-activate}) or a socket on
 * standard input ({@link System#inheritedChannel()}: systemd's {@code StandardInput=socket},
 * inetd's wait mode, Jetty's {@code inheritChannel}). The JDK opens an inherited socket only
 * at fd 0, so a socket passed at fd 3 is moved there first ({@link InheritedFds}).
 */
final class InheritedSocket {

	private static final Logger logger = LoggerFactory.getLogger(InheritedSocket.class);

	private static final int FIRST_PASSED_FD = 3;

	private static @Nullable InheritedSocket instance;

	private final @Nullable ServerSocketChannel channel;

	private final @Nullable Path path;

	private final boolean passedAtFd3;

	private boolean handedOut;

	private InheritedSocket(@Nullable ServerSocketChannel channel, @Nullable Path path, boolean passedAtFd3) {
		this.channel = channel;
		this.path = path;
		this.passedAtFd3 = passedAtFd3;
	}

	/**
	 * Closes a channel {@link #take} gave: after a socket passed at fd 3, standard output and
	 * error stay where they were (the JDK points them at {@code /dev/null}, as for a socket on
	 * standard input, which may be all three).
	 * @param channel the channel
	 * @throws IOException when closing fails
	 */
	static synchronized void close(ServerSocketChannel channel) throws IOException {
		if (instance != null && instance.passedAtFd3) {
			InheritedFds.closeKeepingOutput(channel);
		}
		else {
			channel.close();
		}
	}

	/**
	 * Takes the inherited socket if it is bound at the endpoint's path.
	 * @param endPoint a Unix endpoint about to bind
	 * @return the listening channel, or {@code null} to bind one
	 * @throws IOException when this process was socket-activated and the passed socket cannot
	 * be used: not a Unix stream socket, or at fd 3 without JNA to move it
	 */
	static synchronized @Nullable ServerSocketChannel take(NamedPipeEndPoint endPoint) throws IOException {
		if (instance == null) {
			instance = look(System.getenv(), ProcessHandle.current().pid());
		}
		return instance.takeFor(endPoint);
	}

	@Nullable ServerSocketChannel takeFor(NamedPipeEndPoint endPoint) throws IOException {
		if (this.channel == null || this.path == null || this.handedOut) {
			return null;
		}
		Path target = endPoint.unixSocketPath();
		if (!isSameFile(this.path, target)) {
			logger.info("Named pipe '{}' binds its own socket at {}: the socket passed by the launcher is at {}",
					endPoint.name(), target, this.path);
			return null;
		}
		this.handedOut = true;
		logger.info("Named pipe '{}' listens on the socket passed by the launcher at {} (socket activation)",
				endPoint.name(), target);
		return this.channel;
	}

	private static boolean isSameFile(Path inherited, Path target) throws IOException {
		if (inherited.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
			return true;
		}
		return Files.exists(inherited) && Files.exists(target) && Files.isSameFile(inherited, target);
	}

	static InheritedSocket look(Map<String, String> environment, long pid) throws IOException {
		int passed = passedSockets(environment, pid);
		if (passed > 1) {
			logger.warn("The launcher passed {} sockets (LISTEN_FDS); the JDK can open one: only fd 3 is used", passed);
		}
		Channel inherited = (passed > 0) ? InheritedFds.inheritedChannel(FIRST_PASSED_FD) : System.inheritedChannel();
		if (inherited instanceof ServerSocketChannel server
				&& server.getLocalAddress() instanceof UnixDomainSocketAddress address) {
			return new InheritedSocket(server, address.getPath(), passed > 0);
		}
		if (passed > 0) {
			throw new IOException("The socket passed by the launcher (LISTEN_FDS, fd 3) is " + describe(inherited)
					+ ", not a listening Unix stream socket; a named pipe needs one (systemd: ListenStream=<path> "
					+ "with Accept=no)");
		}
		return new InheritedSocket(null, null, false);
	}

	private static int passedSockets(Map<String, String> environment, long pid) {
		String listenPid = environment.get("LISTEN_PID");
		String listenFds = environment.get("LISTEN_FDS");
		if (listenPid == null || listenFds == null || !listenPid.trim().equals(Long.toString(pid))) {
			return 0;
		}
		try {
			return Math.max(Integer.parseInt(listenFds.trim()), 0);
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring LISTEN_FDS='{}': not a number", listenFds);
			return 0;
		}
	}

	private static String describe(@Nullable Channel channel) throws IOException {
		if (channel == null) {
			return "not a socket";
		}
		if (channel instanceof ServerSocketChannel server) {
			return "a listening socket at " + server.getLocalAddress();
		}
		if (channel instanceof java.nio.channels.SocketChannel) {
			return "a connected socket (inetd's Accept=yes)";
		}
		return "a datagram socket";
	}

}
