package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipeInstanceSettings;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.RejectionReason;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.internal.ClientVanishedException;
import dev.namedpipe.internal.PeerRejectedException;
import dev.namedpipe.internal.PipeServer;
import dev.namedpipe.windows.Win32Pipes.Account;

/**
 * A Win32 named pipe server with Kestrel's listener behaviour.
 *
 * <p>Binding creates {@code listener-queue-count} instances, the first with
 * FILE_FLAG_FIRST_PIPE_INSTANCE so that a name another process holds fails with "already in
 * use". Accept loop {@code i} owns instance {@code i} and waits on it with an overlapped
 * {@code ConnectNamedPipe}, completed through the shared completion port. When a client
 * connects, the instance's successor is created before the connected one is handed over,
 * so the name always has a waiting instance and is never free for another process to take.
 * A client that left before it was accepted (ERROR_NO_DATA) is a broken pipe: the instance
 * is replaced and the error reported. Closing cancels the pending connects, waits for their
 * completions, then closes the instances.
 */
public final class WindowsPipeServer implements PipeServer {

	private static final Logger logger = LoggerFactory.getLogger(WindowsPipeServer.class);

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportOptions options;

	private final PipeRuntime runtime;

	private final Win32Pipes pipes;

	private final CompletionPort port;

	private final Account owner;

	private final AccountNames accountNames;

	private final long securityDescriptor;

	private final AtomicReferenceArray<PipeInstance> instances;

	private final ReentrantLock[] queueLocks;

	private final AtomicBoolean closed = new AtomicBoolean();

	private WindowsPipeServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, PipeRuntime runtime,
			CompletionPort port, Account owner, long securityDescriptor) {
		this.endPoint = endPoint;
		this.options = options;
		this.runtime = runtime;
		this.pipes = runtime.pipes();
		this.port = port;
		this.owner = owner;
		this.accountNames = new AccountNames(this.pipes);
		this.securityDescriptor = securityDescriptor;
		this.instances = new AtomicReferenceArray<>(options.listenerQueueCount());
		this.queueLocks = new ReentrantLock[options.listenerQueueCount()];
		for (int i = 0; i < this.queueLocks.length; i++) {
			this.queueLocks[i] = new ReentrantLock();
		}
	}

	/**
	 * Binds a Windows endpoint through the Win32 API (loads JNA).
	 * @param endPoint a Windows endpoint
	 * @param options the listener's options
	 * @return the bound server
	 * @throws NamedPipeInUseException when another server holds the name
	 * @throws IOException when creating the instances fails
	 */
	public static PipeServer bind(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options) throws IOException {
		return bind(endPoint, options, PipeRuntime.windows());
	}

	static WindowsPipeServer bind(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, PipeRuntime runtime)
			throws IOException {
		Win32Pipes pipes = runtime.pipes();
		Account owner = pipes.processOwner();
		long securityDescriptor = securityDescriptor(pipes, options, owner);
		CompletionPort port;
		try {
			port = runtime.acquirePort();
		}
		catch (Win32Exception ex) {
			freeSecurityDescriptor(pipes, securityDescriptor);
			throw ex;
		}
		WindowsPipeServer server = new WindowsPipeServer(endPoint, options, runtime, port, owner, securityDescriptor);
		try {
			for (int i = 0; i < options.listenerQueueCount(); i++) {
				server.instances.set(i, server.createInstance(i == 0));
			}
		}
		catch (Win32Exception ex) {
			server.close();
			if (ex.getErrorCode() == Win32.ERROR_ACCESS_DENIED && options.securityDescriptor() != null) {
				InvalidNamedPipeSettingException invalid = new InvalidNamedPipeSettingException("security-descriptor",
						options.securityDescriptor(),
						"it does not let this process create further instances of the pipe (FILE_CREATE_PIPE_INSTANCE)",
						"Grant the owner of this process's token full control, e.g. (A;;GA;;;" + owner.sid() + ")");
				invalid.initCause(ex);
				throw invalid;
			}
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
		logger.debug("Named pipe {} bound with {} instances", endPoint, options.listenerQueueCount());
		return server;
	}

	private static long securityDescriptor(Win32Pipes pipes, NamedPipeTransportOptions options, Account owner)
			throws Win32Exception {
		String sddl = PipeSecurity.sddlFor(options, owner.sid());
		if (sddl == null) {
			return 0;
		}
		try {
			return pipes.convertSecurityDescriptor(sddl);
		}
		catch (Win32Exception ex) {
			if (options.currentUserOnly()) {
				throw ex;
			}
			InvalidNamedPipeSettingException invalid = new InvalidNamedPipeSettingException("security-descriptor", sddl,
					"Windows does not accept it as SDDL (" + ex.getMessage() + ")",
					"Write a descriptor such as D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;OW)");
			invalid.initCause(ex);
			throw invalid;
		}
	}

	private static void freeSecurityDescriptor(Win32Pipes pipes, long securityDescriptor) {
		if (securityDescriptor != 0) {
			pipes.localFree(securityDescriptor);
		}
	}

	// A customizer's failure is an I/O failure of the instance: the bind fails, or the accept
	// that needed a successor instance, and the listener goes on.
	private NamedPipeInstanceSettings customizedInstanceSettings() throws IOException {
		NamedPipeInstanceSettings settings;
		try {
			settings = this.options.instanceCustomizer().customize(this.endPoint, this.options.instanceSettings());
		}
		catch (RuntimeException ex) {
			throw new IOException("The NamedPipeInstanceCustomizer of named pipe '" + this.endPoint.name() + "' failed: "
					+ ex, ex);
		}
		if (settings == null) {
			throw new IOException("The NamedPipeInstanceCustomizer of named pipe '" + this.endPoint.name()
					+ "' returned no settings");
		}
		return settings;
	}

	private PipeInstance createInstance(boolean first) throws IOException {
		NamedPipeInstanceSettings settings = customizedInstanceSettings();
		try {
			return PipeInstance.create(this.pipes, this.port, this.endPoint.address(),
					PipeFlags.serverOpenMode(first, settings.writeThrough()),
					PipeFlags.serverPipeMode(settings.rejectRemoteClients()), settings, this.securityDescriptor);
		}
		catch (Win32Exception ex) {
			if (first && ex.getErrorCode() == Win32.ERROR_ACCESS_DENIED) {
				NamedPipeInUseException inUse = new NamedPipeInUseException(this.endPoint.name(),
						"another server already has instances of " + this.endPoint.address()
								+ " (CreateNamedPipeW with FILE_FLAG_FIRST_PIPE_INSTANCE: ERROR_ACCESS_DENIED)");
				inUse.initCause(ex);
				throw inUse;
			}
			throw ex;
		}
	}

	@Override
	public AbstractNamedPipeConnection accept(int queueIndex) throws IOException {
		ReentrantLock queueLock = this.queueLocks[queueIndex];
		queueLock.lock();
		try {
			if (this.closed.get()) {
				throw new ClosedChannelException();
			}
			PipeInstance instance = this.instances.get(queueIndex);
			try {
				instance.connect();
			}
			catch (Win32Exception ex) {
				boolean replaced = replaceBroken(queueIndex, instance, ex);
				// A vanished client is no trouble of the server's, unless no new instance could be made.
				throw (replaced && ex.getErrorCode() == Win32.ERROR_NO_DATA) ? new ClientVanishedException(ex) : ex;
			}
			if (this.closed.get()) {
				instance.closeConnected();
				throw new AsynchronousCloseException();
			}
			PipeInstance successor;
			try {
				successor = createInstance(false);
			}
			catch (IOException ex) {
				disconnectForReuse(instance, ex);
				throw ex;
			}
			this.instances.set(queueIndex, successor);
			return connectionOf(instance);
		}
		finally {
			queueLock.unlock();
		}
	}

	// A failed instance makes way for a new one; if none can be created it is disconnected
	// and kept, so the name always has an instance of ours.
	private boolean replaceBroken(int queueIndex, PipeInstance broken, Win32Exception failure) {
		PipeInstance successor;
		try {
			successor = createInstance(false);
		}
		catch (IOException ex) {
			logger.warn("Could not replace a broken instance of named pipe {}; reusing it", this.endPoint, ex);
			disconnectForReuse(broken, failure);
			return false;
		}
		this.instances.set(queueIndex, successor);
		broken.closeConnected();
		return true;
	}

	private static void disconnectForReuse(PipeInstance instance, IOException failure) {
		try {
			instance.disconnect();
		}
		catch (Win32Exception ex) {
			failure.addSuppressed(ex);
		}
	}

	private AbstractNamedPipeConnection connectionOf(PipeInstance instance) throws IOException {
		try {
			return identifiedConnectionOf(instance);
		}
		catch (IOException | RuntimeException ex) {
			instance.closeConnected();
			throw ex;
		}
	}

	// Current-user-only admits exactly whom the DACL admits: a token that has this process's
	// token owner as user or enabled group. Comparing users instead would refuse another
	// administrator's elevated process when the owner is Administrators, comparing token
	// owners this user's elevated process when the owner is the user; the DACL lets both in.
	// The client's account name is looked up when first asked for (accountNames), not here.
	private AbstractNamedPipeConnection identifiedConnectionOf(PipeInstance instance) throws IOException {
		long pid = ClientIdentity.processIdOf(this.pipes, instance.handleValue());
		OptionalLong processId = (pid >= 0) ? OptionalLong.of(pid) : OptionalLong.empty();
		ClientIdentity.Client client = ClientIdentity.of(this.pipes, instance.handleValue(),
				this.options.currentUserOnly() ? this.owner.sid() : null);
		if (client != null && !client.hasSid()) {
			throw new PeerRejectedException(RejectionReason.FOREIGN_USER,
					"Client connection (user " + this.accountNames.nameOf(client.userSid()) + ", pid " + pid
							+ ") was refused because its token does not have the current user's token owner ("
							+ displayName(this.owner) + ").");
		}
		PeerIdentity peer = (client != null)
				? PeerIdentity.lookingUpNames(client.userSid(), OptionalLong.empty(), OptionalLong.empty(), processId,
						this.accountNames)
				: new PeerIdentity(null, null, null, OptionalLong.empty(), OptionalLong.empty(), processId);
		CompletionPort connectionPort = this.runtime.acquirePort();
		return new WindowsPipeConnection(this.endPoint, peer, this.options, this.runtime, connectionPort,
				instance.handOver());
	}

	private static String displayName(Account account) {
		return (account.name() != null) ? account.name() : account.sid();
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (int i = 0; i < this.instances.length(); i++) {
			PipeInstance instance = this.instances.get(i);
			if (instance != null) {
				instance.cancel();
			}
		}
		for (int i = 0; i < this.instances.length(); i++) {
			this.queueLocks[i].lock();
			try {
				PipeInstance instance = this.instances.getAndSet(i, null);
				if (instance != null) {
					instance.close();
				}
			}
			finally {
				this.queueLocks[i].unlock();
			}
		}
		freeSecurityDescriptor(this.pipes, this.securityDescriptor);
		this.runtime.releasePort();
		logger.debug("Named pipe {} closed", this.endPoint);
	}

	@Override
	public String toString() {
		return "WindowsPipeServer[" + this.endPoint + "]";
	}

}
