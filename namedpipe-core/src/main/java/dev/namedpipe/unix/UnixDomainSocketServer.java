package dev.namedpipe.unix;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.RejectionReason;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.internal.PeerRejectedException;
import dev.namedpipe.internal.PipeServer;

/**
 * A named pipe as a Unix domain socket, bound so that no client can reach it before its
 * permissions are set and no file but our own socket is ever replaced or deleted.
 *
 * <p>Binding: the socket is bound inside a fresh private (0700) directory next to the
 * target, given its mode, then linked into place with {@code link(2)}, which fails if the
 * path was taken meanwhile. A socket already at the path that answers means another server
 * owns the name; one that refuses (stale, left by a crashed process) and belongs to this user
 * is atomically replaced. Anything else (a symbolic link, another file type, another user's
 * file) is left alone and reported. Unbinding removes the file only while it is still the
 * socket this server bound.
 */
public final class UnixDomainSocketServer implements PipeServer {

	private static final Logger logger = LoggerFactory.getLogger(UnixDomainSocketServer.class);

	private static final int BACKLOG = 512;

	private static final int PLACE_ATTEMPTS = 3;

	private static final int OTHERS_WRITE = 0002;

	private static final int STICKY = 01000;

	private static final SecureRandom random = new SecureRandom();

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportOptions options;

	private final ServerSocketChannel channel;

	private final Path socketPath;

	private final Object socketFileKey;

	private final UserPrincipal owner;

	private final long ownerUid;

	// Passed by the launcher (socket activation): its file is the launcher's to remove.
	private final boolean inherited;

	/**
	 * The last accepted peer's identity with its ids, taken again by the next peer with the
	 * same uid, gid and pid: a process's connections share one identity, whose names are then
	 * looked up once. The listener runs one accept loop here ({@link #acceptLoops}); the update
	 * is atomic all the same, so that loops calling {@link #accept} at once would still agree
	 * on one identity.
	 */
	private final AtomicReference<@Nullable LastPeer> lastPeer = new AtomicReference<>();

	// Only with the native credentials, whose ids it names (and JNA, which it calls).
	private final @Nullable PeerNames peerNames = NativePeerCredentials.available() ? new PeerNames() : null;

	private UnixDomainSocketServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			ServerSocketChannel channel, Object socketFileKey, UserPrincipal owner, long ownerUid, boolean inherited) {
		this.endPoint = endPoint;
		this.options = options;
		this.channel = channel;
		this.socketPath = endPoint.unixSocketPath();
		this.socketFileKey = socketFileKey;
		this.owner = owner;
		this.ownerUid = ownerUid;
		this.inherited = inherited;
	}

	/**
	 * Binds the endpoint's socket, or takes the one the launcher passed for its path (socket
	 * activation), whose file mode is then the launcher's and whose file is left in place.
	 * @param endPoint a Unix endpoint
	 * @param options the listener's options
	 * @return the bound server
	 * @throws NamedPipeInUseException when a live server answers at the path
	 * @throws IOException when the path holds something that is not ours to replace, binding
	 * fails, or the launcher passed a socket that cannot be used
	 */
	public static UnixDomainSocketServer bind(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options)
			throws IOException {
		ServerSocketChannel passed = InheritedSocket.take(endPoint);
		if (passed != null) {
			return adopt(endPoint, options, passed);
		}
		Path target = endPoint.unixSocketPath();
		Path directory = target.getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			throw new NoSuchFileException(String.valueOf(directory), null,
					"Cannot bind named pipe '" + endPoint.name() + "': the directory does not exist");
		}
		warnIfOthersCanReplace(endPoint, directory);
		Path privateDirectory = createPrivateDirectory(endPoint, directory);
		Path staging = privateDirectory.resolve("s");
		try {
			checkLength(endPoint, staging);
			UserPrincipal owner = Files.getOwner(privateDirectory);
			long ownerUid = SocketFileState.of(privateDirectory).uid();
			ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				channel.bind(UnixDomainSocketAddress.of(staging), BACKLOG);
				Files.setPosixFilePermissions(staging, options.unixSocketPermissions());
				Object fileKey = SocketFileState.of(staging).fileKey();
				place(endPoint, staging, target, ownerUid);
				return new UnixDomainSocketServer(endPoint, options, channel, fileKey, owner, ownerUid, false);
			}
			catch (IOException | RuntimeException ex) {
				channel.close();
				throw ex;
			}
		}
		finally {
			Files.deleteIfExists(staging);
			Files.deleteIfExists(privateDirectory);
		}
	}

	// The current user is the owner of a file this process creates, as for a bound socket.
	private static UnixDomainSocketServer adopt(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			ServerSocketChannel channel) throws IOException {
		Path probe = Files.createTempFile("namedpipe-owner", null);
		try {
			return new UnixDomainSocketServer(endPoint, options, channel,
					SocketFileState.of(endPoint.unixSocketPath()).fileKey(), Files.getOwner(probe),
					SocketFileState.of(probe).uid(), true);
		}
		finally {
			Files.deleteIfExists(probe);
		}
	}

	private static void place(NamedPipeEndPoint endPoint, Path staging, Path target, long ownerUid)
			throws IOException {
		for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
			SocketFileState existing = SocketFileState.of(target);
			switch (existing.kind()) {
				case ABSENT -> {
					try {
						Files.createLink(target, staging);
						return;
					}
					catch (FileAlreadyExistsException ex) {
						continue;
					}
				}
				case SOCKET -> {
					if (existing.uid() != ownerUid) {
						throw refuse(endPoint, target, "it is a socket owned by another user (uid " + existing.uid()
								+ "), which is left untouched");
					}
					if (answers(target)) {
						throw new NamedPipeInUseException(endPoint.name(), "a server answers on " + target);
					}
					if (!Objects.equals(SocketFileState.of(target).fileKey(), existing.fileKey())) {
						continue;
					}
					logger.info("Replacing stale socket file {} of named pipe '{}' (no server answered)", target,
							endPoint.name());
					Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
					return;
				}
				default -> throw refuse(endPoint, target,
						"it is " + existing.kind().description() + ", not a socket; it is neither followed nor replaced");
			}
		}
		throw new NamedPipeInUseException(endPoint.name(), target + " kept changing while binding");
	}

	private static boolean answers(Path socket) throws IOException {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.configureBlocking(false);
			probe.connect(UnixDomainSocketAddress.of(socket));
			// Connected, or pending because the backlog is full: either way a server owns it.
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
	}

	private static IOException refuse(NamedPipeEndPoint endPoint, Path target, String why) {
		return new FileAlreadyExistsException(target.toString(), null,
				"Cannot bind named pipe '" + endPoint.name() + "': " + why);
	}

	private static Path createPrivateDirectory(NamedPipeEndPoint endPoint, Path directory) throws IOException {
		while (true) {
			Path candidate = directory.resolve(".np" + Long.toString(random.nextInt(Integer.MAX_VALUE), 36));
			try {
				return Files.createDirectory(candidate,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			catch (FileAlreadyExistsException ex) {
				// another candidate
			}
			catch (IOException ex) {
				throw new IOException("Cannot bind named pipe '" + endPoint.name() + "': cannot create its private bind "
						+ "directory in " + directory + " (" + ex + "); the directory must be writable by this user", ex);
			}
		}
	}

	private static void checkLength(NamedPipeEndPoint endPoint, Path staging) throws IOException {
		int limit = endPoint.platform().maxSocketPathBytes();
		int bytes = staging.toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > limit) {
			throw new IOException("Cannot bind named pipe '" + endPoint.name() + "': the private bind path " + staging
					+ " is " + bytes + " bytes, over the " + limit + "-byte socket path limit; use a shorter directory");
		}
	}

	private static void warnIfOthersCanReplace(NamedPipeEndPoint endPoint, Path directory) throws IOException {
		int mode = SocketFileState.mode(directory.toRealPath());
		if ((mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
			logger.warn("The directory {} of named pipe '{}' is writable by every user and not sticky: "
					+ "others can delete or replace the socket file", directory, endPoint.name());
		}
	}

	// The JDK takes one accept at a time on a server channel (its accept lock): further loops
	// would only wait for that lock and be woken in turn, a thread switch per connection more.
	// The queue count sizes the listener's hand-off instead.
	@Override
	public int acceptLoops(int listenerQueueCount) {
		return 1;
	}

	@Override
	public AbstractNamedPipeConnection accept(int queueIndex) throws IOException {
		SocketChannel client = this.channel.accept();
		try {
			PeerIdentity peer = checkPeer(client);
			if (this.options.unixSendBufferSize() > 0) {
				client.setOption(StandardSocketOptions.SO_SNDBUF, this.options.unixSendBufferSize());
			}
			return new UnixDomainSocketConnection(this.endPoint, peer, this.options, client);
		}
		catch (IOException | RuntimeException ex) {
			client.close();
			throw ex;
		}
	}

	private PeerIdentity checkPeer(SocketChannel client) throws IOException {
		NativePeerCredentials.Credentials credentials;
		try {
			credentials = NativePeerCredentials.read(client);
		}
		catch (RuntimeException ex) {
			logger.debug("Reading the peer's credentials natively failed; asking the JDK", ex);
			credentials = null;
		}
		return (credentials != null) ? checkPeer(credentials) : checkPeerThroughTheJdk(client);
	}

	// The numbers from the kernel: the current-user check compares uids, and the names are
	// looked up when the application first asks for one (peerNames), not here.
	private PeerIdentity checkPeer(NativePeerCredentials.Credentials credentials) throws IOException {
		PeerNames names = Objects.requireNonNull(this.peerNames);
		if (this.options.currentUserOnly() && credentials.uid() != this.ownerUid) {
			throw new PeerRejectedException(RejectionReason.FOREIGN_USER,
					"Client connection (user " + names.userName(credentials.uid())
							+ ") was refused because it was not owned by the current user (" + this.owner.getName()
							+ ", id " + this.ownerUid + ").");
		}
		return this.lastPeer.updateAndGet((last) -> (last != null && last.credentials().equals(credentials)) ? last
				: new LastPeer(credentials, PeerIdentity.lookingUpNames(null, OptionalLong.of(credentials.uid()),
						OptionalLong.of(credentials.gid()), OptionalLong.of(credentials.pid()), names)))
			.identity();
	}

	private PeerIdentity checkPeerThroughTheJdk(SocketChannel client) throws IOException {
		UnixDomainPrincipal principal;
		try {
			principal = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
		}
		catch (IOException | UnsupportedOperationException ex) {
			if (this.options.currentUserOnly()) {
				throw new PeerRejectedException(RejectionReason.UNVERIFIED_PEER,
						"Client connection was refused because its user could not be read (" + ex + ")");
			}
			return PeerIdentity.unknown();
		}
		if (this.options.currentUserOnly() && !this.owner.equals(principal.user())) {
			throw new PeerRejectedException(RejectionReason.FOREIGN_USER,
					"Client connection (user " + principal.user().getName()
							+ ") was refused because it was not owned by the current user (" + this.owner.getName()
							+ ", id " + this.ownerUid + ").");
		}
		return identityOf(principal);
	}

	static PeerIdentity identityOf(UnixDomainPrincipal principal) {
		return new PeerIdentity(principal.user().getName(), null, principal.group().getName(), OptionalLong.empty(),
				OptionalLong.empty(), OptionalLong.empty());
	}

	@Override
	public void close() {
		try {
			if (this.inherited) {
				InheritedSocket.close(this.channel);
			}
			else {
				this.channel.close();
			}
		}
		catch (IOException ex) {
			logger.debug("Closing the socket of named pipe '{}' failed", this.endPoint.name(), ex);
		}
		if (this.inherited) {
			logger.debug("Socket file {} of named pipe '{}' is left to the launcher that passed it", this.socketPath,
					this.endPoint.name());
			return;
		}
		try {
			SocketFileState current = SocketFileState.of(this.socketPath);
			if (current.kind() == SocketFileState.Kind.SOCKET
					&& Objects.equals(current.fileKey(), this.socketFileKey)) {
				Files.deleteIfExists(this.socketPath);
			}
			else if (current.kind() != SocketFileState.Kind.ABSENT) {
				logger.warn("Socket file {} of named pipe '{}' was replaced by someone else; it is left in place",
						this.socketPath, this.endPoint.name());
			}
		}
		catch (IOException ex) {
			logger.warn("Could not remove socket file {} of named pipe '{}'", this.socketPath, this.endPoint.name(),
					ex);
		}
	}

	private record LastPeer(NativePeerCredentials.Credentials credentials, PeerIdentity identity) {

	}

}
