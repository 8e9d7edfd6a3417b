package dev.namedpipe.windows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An in-memory Win32 named-pipe file system behind {@link Win32Pipes}, reproducing the
 * documented sequences: a connect that is pending until a client opens the pipe, then
 * completes; ERROR_PIPE_CONNECTED when the client came first; ERROR_NO_DATA when it came and
 * left before the connect; ERROR_PIPE_BUSY when no instance waits; ERROR_FILE_NOT_FOUND for
 * an unknown name; ERROR_ACCESS_DENIED for FILE_FLAG_FIRST_PIPE_INSTANCE on a name that
 * exists and for clients or instance creators the DACL does not allow; reads that drain
 * the buffer, then fail with ERROR_BROKEN_PIPE once the writer is gone; a zero-byte read;
 * ERROR_OPERATION_ABORTED completions after {@code CancelIoEx}; a server's
 * {@code CloseHandle} leaving buffered data readable before ERROR_BROKEN_PIPE, while
 * {@code DisconnectNamedPipe} discards it and ends the client's stream with
 * ERROR_PIPE_NOT_CONNECTED. Successful overlapped starts queue a completion too, as on Windows
 * without FILE_SKIP_COMPLETION_PORT_ON_SUCCESS.
 *
 * <p>It records every misuse as a violation: freeing or reusing an OVERLAPPED whose
 * completion was not dequeued yet, touching freed memory, closing a handle with I/O still
 * pending, using an unknown or closed handle, freeing a descriptor twice, reading the
 * thread token without impersonating. {@link #leaks()} lists what is still open.
 *
 * <p>Clients of other processes are simulated by {@link #connectForeignClient}; their
 * handles are not ours and never count as leaks. This process and the clients run with
 * scripted {@link Token tokens}: a user, an owner and enabled groups, by default the
 * standard user {@link #PROCESS_SID} (owner of its own objects).
 */
final class ScriptedWin32Pipes implements Win32Pipes {

	static final String PROCESS_SID = "S-1-5-21-1000-2000-3000-1001";

	static final String OTHER_SID = "S-1-5-21-1000-2000-3000-1002";

	static final String ADMINISTRATORS_SID = "S-1-5-32-544";

	static final int ERROR_INVALID_PARAMETER = 87;

	private static final int CHANNEL_CAPACITY = 64 * 1024;

	private static final Pattern ACE = Pattern.compile("\\(A;[^;]*;([^;]*);[^;]*;[^;]*;([^)]*)\\)");

	private static final Pattern OWNER = Pattern.compile("^O:(S-[0-9-]+)");

	private static final int FILE_CREATE_PIPE_INSTANCE = 0x4;

	private static final int FILE_GENERIC_READ = 0x120089;

	private static final int FILE_GENERIC_WRITE = 0x120116;

	private static final int FILE_ALL_ACCESS = 0x1F01FF;

	// What a client opening for reading and writing needs (FILE_CREATE_PIPE_INSTANCE is
	// not part of it).
	private static final int CLIENT_READ_WRITE = 0x12019B;

	private static final int ERROR_NO_TOKEN = 1008;

	private long nextHandle = 0x100;

	private long nextAddress = 0x10000;

	private final Map<Long, Object> handles = new LinkedHashMap<>();

	private final Map<String, PipeName> names = new HashMap<>();

	private final Map<Long, FakeOverlapped> allocations = new HashMap<>();

	private final Map<Long, Operation> inFlight = new HashMap<>();

	private final Map<Long, String> descriptors = new HashMap<>();

	private final Set<Thread> impersonating = ConcurrentHashMap.newKeySet();

	private final Map<Thread, Token> threadToken = new ConcurrentHashMap<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final List<Integer> createNamedPipeFailures = new ArrayList<>();

	private Integer revertFailure;

	private Integer impersonationFailure = Win32.ERROR_CANNOT_IMPERSONATE;

	private Integer handleOwnerFailure;

	private boolean ownerless;

	private Token processToken = Token.standard(PROCESS_SID);

	private Token clientToken = Token.standard(PROCESS_SID);

	private boolean ignoreDacl;

	// Scripting

	/** The next CreateNamedPipeW calls fail with these codes, in order. */
	synchronized void failNextCreateNamedPipe(int error) {
		this.createNamedPipeFailures.add(error);
	}

	/** ImpersonateNamedPipeClient fails with this code, or succeeds when {@code null}. */
	synchronized void impersonationFails(Integer error) {
		this.impersonationFailure = error;
	}

	/** Pipes' descriptors name no owner from now on (as Wine records pipes of default security). */
	synchronized void recordsNoOwner() {
		this.ownerless = true;
	}

	/** GetSecurityInfo fails with this code, or succeeds when {@code null}. */
	synchronized void handleOwnerFails(Integer error) {
		this.handleOwnerFailure = error;
	}

	/** RevertToSelf fails with this code, or succeeds when {@code null}. */
	synchronized void revertFails(Integer error) {
		this.revertFailure = error;
	}

	/** This process runs with this token from now on. */
	synchronized void processRunsAs(Token token) {
		this.processToken = token;
	}

	/** Our clients (CreateFileW) run with this token from now on. */
	synchronized void clientsRunAs(Token token) {
		this.clientToken = token;
	}

	/** Lets every client through whatever the DACL says (a privileged client). */
	synchronized void ignoreDacl() {
		this.ignoreDacl = true;
	}

	/** Another process creates the first instance of a name. */
	synchronized void squat(String path) {
		PipeName name = new PipeName(path, null, OTHER_SID);
		name.instances.add(new ServerEnd(0, name, 0, 0));
		this.names.put(key(path), name);
	}

	// Inspection

	List<String> violations() {
		return List.copyOf(this.violations);
	}

	List<String> calls() {
		return List.copyOf(this.calls);
	}

	long callCount(String prefix) {
		return this.calls.stream().filter((call) -> call.startsWith(prefix)).count();
	}

	/** Everything of ours still open or allocated. */
	synchronized List<String> leaks() {
		List<String> leaks = new ArrayList<>();
		this.handles.forEach((value, object) -> leaks.add("handle " + value + " " + object));
		this.allocations.keySet().forEach((address) -> leaks.add("OVERLAPPED " + address));
		this.descriptors.keySet().forEach((address) -> leaks.add("security descriptor " + address));
		this.impersonating.forEach((thread) -> leaks.add("thread " + thread.getName() + " impersonating"));
		return leaks;
	}

	synchronized List<ServerEnd> instancesOf(String path) {
		PipeName name = this.names.get(key(path));
		return (name != null) ? List.copyOf(name.instances) : List.of();
	}

	/** The owner of a name's instances, as a client would read it back. */
	synchronized String ownerOf(String path) {
		PipeName name = this.names.get(key(path));
		return (name != null) ? name.owner : null;
	}

	synchronized int pendingOperations() {
		return this.inFlight.size();
	}

	/** Writes started and waiting for the reader to make room. */
	synchronized long blockedWrites() {
		return this.inFlight.values().stream().filter((op) -> op.data != null && !op.completed).count();
	}

	// Named pipes

	@Override
	public synchronized long createNamedPipe(String path, int openMode, int pipeMode, int outBufferBytes,
			int inBufferBytes, long securityDescriptor) throws Win32Exception {
		this.calls.add("CreateNamedPipeW " + path + " openMode=0x" + Integer.toHexString(openMode) + " pipeMode=0x"
				+ Integer.toHexString(pipeMode) + " out=" + outBufferBytes + " in=" + inBufferBytes);
		String sddl = null;
		if (securityDescriptor != 0) {
			sddl = this.descriptors.get(securityDescriptor);
			if (sddl == null) {
				violation("CreateNamedPipeW with a freed or unknown security descriptor " + securityDescriptor);
			}
		}
		if (!this.createNamedPipeFailures.isEmpty()) {
			throw failure("CreateNamedPipeW", this.createNamedPipeFailures.remove(0));
		}
		PipeName name = this.names.get(key(path));
		if (name == null) {
			name = new PipeName(path, sddl, ownerNamedIn(sddl, this.processToken));
			this.names.put(key(path), name);
		}
		else if ((openMode & Win32.FILE_FLAG_FIRST_PIPE_INSTANCE) != 0
				|| !allows(name, this.processToken, FILE_CREATE_PIPE_INSTANCE)) {
			throw failure("CreateNamedPipeW", Win32.ERROR_ACCESS_DENIED);
		}
		ServerEnd instance = new ServerEnd(newHandle(), name, openMode, pipeMode);
		name.instances.add(instance);
		this.handles.put(instance.handle, instance);
		notifyAll();
		return instance.handle;
	}

	@Override
	public synchronized int connectNamedPipe(long pipe, NativeOverlapped overlapped) {
		ServerEnd instance = handle(pipe, ServerEnd.class, "ConnectNamedPipe");
		int status = connectStatus(instance, overlapped);
		this.calls.add("ConnectNamedPipe " + pipe + " -> " + Win32.errorName(status));
		return status;
	}

	private int connectStatus(ServerEnd instance, NativeOverlapped overlapped) {
		if (instance == null) {
			return Win32.ERROR_INVALID_HANDLE;
		}
		switch (instance.state) {
			case CONNECTED:
				instance.accepted = true;
				return Win32.ERROR_PIPE_CONNECTED;
			case CLIENT_LEFT:
				return Win32.ERROR_NO_DATA;
			case LISTENING:
			case DISCONNECTED:
				instance.state = State.LISTENING;
				instance.connect = start(new Operation(instance.handle, overlapped, 0));
				notifyAll();
				return Win32.ERROR_IO_PENDING;
			default:
				throw new IllegalStateException(instance.state.name());
		}
	}

	@Override
	public synchronized void disconnectNamedPipe(long pipe) throws Win32Exception {
		this.calls.add("DisconnectNamedPipe " + pipe);
		ServerEnd instance = handle(pipe, ServerEnd.class, "DisconnectNamedPipe");
		if (instance == null) {
			throw failure("DisconnectNamedPipe", Win32.ERROR_INVALID_HANDLE);
		}
		if (instance.state == State.LISTENING) {
			throw failure("DisconnectNamedPipe", Win32.ERROR_PIPE_NOT_CONNECTED);
		}
		instance.endConnection(true);
		instance.state = State.DISCONNECTED;
		instance.accepted = false;
		notifyAll();
	}

	// Clients

	@Override
	public synchronized long createFile(String path, int access, int flags) throws Win32Exception {
		this.calls.add("CreateFileW " + path + " access=0x" + Integer.toHexString(access) + " flags=0x"
				+ Integer.toHexString(flags));
		ServerEnd instance = listeningInstance(path, this.clientToken, "CreateFileW");
		ClientEnd client = new ClientEnd(newHandle(), instance, this.clientToken);
		instance.attach(client);
		this.handles.put(client.handle, client);
		return client.handle;
	}

	/** A client of another process, a standard user's, opens the pipe (no handle of ours). */
	synchronized ForeignClient connectForeignClient(String path, String sid) throws Win32Exception {
		Token token = Token.standard(sid);
		ServerEnd instance = listeningInstance(path, token, "CreateFileW (foreign)");
		ClientEnd client = new ClientEnd(0, instance, token);
		instance.attach(client);
		return new ForeignClient(client);
	}

	private ServerEnd listeningInstance(String path, Token token, String function) throws Win32Exception {
		PipeName name = this.names.get(key(path));
		if (name == null) {
			throw failure(function, Win32.ERROR_FILE_NOT_FOUND);
		}
		if (!this.ignoreDacl && !allows(name, token, CLIENT_READ_WRITE)) {
			throw failure(function, Win32.ERROR_ACCESS_DENIED);
		}
		for (ServerEnd instance : name.instances) {
			if (instance.state == State.LISTENING && instance.client == null) {
				return instance;
			}
		}
		throw failure(function, Win32.ERROR_PIPE_BUSY);
	}

	@Override
	public synchronized void waitNamedPipe(String path, int millis) throws Win32Exception {
		this.calls.add("WaitNamedPipeW " + path);
		long deadline = System.nanoTime() + millis * 1_000_000L;
		while (true) {
			PipeName name = this.names.get(key(path));
			if (name == null) {
				throw failure("WaitNamedPipeW", Win32.ERROR_FILE_NOT_FOUND);
			}
			if (name.instances.stream().anyMatch((i) -> i.state == State.LISTENING && i.client == null)) {
				return;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw failure("WaitNamedPipeW", Win32.ERROR_SEM_TIMEOUT);
			}
			try {
				wait(Math.max(1, left / 1_000_000L));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failure("WaitNamedPipeW", Win32.ERROR_OPERATION_ABORTED);
			}
		}
	}

	// Reading and writing

	@Override
	public synchronized int readFile(long handle, NativeOverlapped overlapped, int count) {
		Channel channel = channelFor(handle, true);
		if (channel == null) {
			return Win32.ERROR_INVALID_HANDLE;
		}
		if (channel.pendingRead != null) {
			violation("Second read pending on handle " + handle);
		}
		if (channel.available() == 0 && !channel.zeroByteWrite && channel.writerGone != 0) {
			return channel.writerGone;
		}
		channel.pendingRead = start(new Operation(handle, overlapped, count));
		channel.pump();
		return Win32.ERROR_IO_PENDING;
	}

	@Override
	public synchronized int writeFile(long handle, NativeOverlapped overlapped, int count) {
		Channel channel = channelFor(handle, false);
		if (channel == null) {
			return Win32.ERROR_INVALID_HANDLE;
		}
		if (channel.readerGone) {
			return Win32.ERROR_NO_DATA;
		}
		Operation write = start(new Operation(handle, overlapped, count));
		write.data = new byte[count];
		((FakeOverlapped) overlapped).read(write.data, count);
		channel.pendingWrite = write;
		channel.pump();
		return Win32.ERROR_IO_PENDING;
	}

	private Channel channelFor(long handle, boolean reading) {
		Object end = this.handles.get(handle);
		if (end instanceof ServerEnd server) {
			if (server.state != State.CONNECTED && server.state != State.CLIENT_LEFT) {
				return null;
			}
			return reading ? server.toServer : server.toClient;
		}
		if (end instanceof ClientEnd client) {
			return reading ? client.fromServer : client.toServer;
		}
		violation("I/O on unknown or closed handle " + handle);
		return null;
	}

	@Override
	public synchronized boolean cancelIo(long handle) {
		this.calls.add("CancelIoEx " + handle);
		if (!this.handles.containsKey(handle)) {
			violation("CancelIoEx on unknown or closed handle " + handle);
			return false;
		}
		boolean cancelled = false;
		for (Operation operation : List.copyOf(this.inFlight.values())) {
			if (operation.handle == handle && !operation.completed) {
				abandon(operation);
				complete(operation, 0, Win32.ERROR_OPERATION_ABORTED);
				cancelled = true;
			}
		}
		return cancelled;
	}

	private void abandon(Operation operation) {
		Object end = this.handles.get(operation.handle);
		if (end instanceof ServerEnd server) {
			if (server.connect == operation) {
				server.connect = null;
			}
			forgetIn(server.toServer, operation);
			forgetIn(server.toClient, operation);
		}
		else if (end instanceof ClientEnd client) {
			forgetIn(client.fromServer, operation);
			forgetIn(client.toServer, operation);
		}
	}

	private static void forgetIn(Channel channel, Operation operation) {
		if (channel != null) {
			if (channel.pendingRead == operation) {
				channel.pendingRead = null;
			}
			if (channel.pendingWrite == operation) {
				channel.pendingWrite = null;
			}
		}
	}

	@Override
	public synchronized void closeHandle(long handle) throws Win32Exception {
		this.calls.add("CloseHandle " + handle);
		Object object = this.handles.remove(handle);
		if (object == null) {
			violation("CloseHandle on unknown or closed handle " + handle);
			throw failure("CloseHandle", Win32.ERROR_INVALID_HANDLE);
		}
		for (Operation operation : this.inFlight.values()) {
			if (operation.handle == handle && !operation.completed) {
				violation("CloseHandle " + handle + " with I/O still pending");
			}
		}
		if (object instanceof ServerEnd server) {
			server.endConnection(false);
			server.name.instances.remove(server);
			if (server.name.instances.isEmpty()) {
				this.names.remove(key(server.name.path));
			}
		}
		else if (object instanceof ClientEnd client) {
			client.close();
		}
		notifyAll();
	}

	// Completion ports

	@Override
	public synchronized long createCompletionPort() {
		this.calls.add("CreateIoCompletionPort");
		Port port = new Port();
		long handle = newHandle();
		this.handles.put(handle, port);
		return handle;
	}

	@Override
	public synchronized void associate(long port, long handle) throws Win32Exception {
		Object target = this.handles.get(port);
		Object end = this.handles.get(handle);
		if (!(target instanceof Port completionPort) || end == null) {
			violation("Associating " + handle + " with " + port);
			throw failure("CreateIoCompletionPort", Win32.ERROR_INVALID_HANDLE);
		}
		if (end instanceof ServerEnd server) {
			server.port = completionPort;
		}
		else if (end instanceof ClientEnd client) {
			client.port = completionPort;
		}
	}

	@Override
	public Completion dequeue(long port) throws Win32Exception {
		Port completionPort;
		synchronized (this) {
			Object object = this.handles.get(port);
			if (!(object instanceof Port)) {
				throw failure("GetQueuedCompletionStatus", Win32.ERROR_INVALID_HANDLE);
			}
			completionPort = (Port) object;
		}
		Completion completion;
		try {
			completion = completionPort.queue.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure("GetQueuedCompletionStatus", Win32.ERROR_OPERATION_ABORTED);
		}
		synchronized (this) {
			this.inFlight.remove(completion.overlapped());
		}
		return completion;
	}

	@Override
	public synchronized void post(long port, long key) throws Win32Exception {
		if (!(this.handles.get(port) instanceof Port completionPort)) {
			throw failure("PostQueuedCompletionStatus", Win32.ERROR_INVALID_HANDLE);
		}
		completionPort.queue.add(new Completion(key, 0, 0, 0));
	}

	// Identity and security

	@Override
	public synchronized long clientProcessId(long pipe) throws Win32Exception {
		ServerEnd instance = handle(pipe, ServerEnd.class, "GetNamedPipeClientProcessId");
		if (instance == null || instance.client == null) {
			throw failure("GetNamedPipeClientProcessId", Win32.ERROR_PIPE_NOT_CONNECTED);
		}
		return instance.client.processId;
	}

	@Override
	public synchronized long serverProcessId(long pipe) throws Win32Exception {
		ClientEnd client = handle(pipe, ClientEnd.class, "GetNamedPipeServerProcessId");
		if (client == null) {
			throw failure("GetNamedPipeServerProcessId", Win32.ERROR_INVALID_HANDLE);
		}
		return 4242;
	}

	@Override
	public synchronized void impersonateNamedPipeClient(long pipe) throws Win32Exception {
		this.calls.add("ImpersonateNamedPipeClient " + pipe);
		ServerEnd instance = handle(pipe, ServerEnd.class, "ImpersonateNamedPipeClient");
		if (this.impersonationFailure != null) {
			throw failure("ImpersonateNamedPipeClient", this.impersonationFailure);
		}
		if (instance == null || instance.client == null) {
			throw failure("ImpersonateNamedPipeClient", Win32.ERROR_PIPE_NOT_CONNECTED);
		}
		this.impersonating.add(Thread.currentThread());
		this.threadToken.put(Thread.currentThread(), instance.client.token);
	}

	@Override
	public synchronized String threadUserSid() throws Win32Exception {
		return impersonatedToken().user();
	}

	@Override
	public synchronized @Nullable String accountName(String sid) {
		this.calls.add("LookupAccountSid " + sid);
		return account(sid).name();
	}

	@Override
	public synchronized boolean isThreadTokenMember(String sid) throws Win32Exception {
		this.calls.add("CheckTokenMembership " + sid);
		return impersonatedToken().has(sid);
	}

	private Token impersonatedToken() throws Win32Exception {
		Token token = this.threadToken.get(Thread.currentThread());
		if (token == null) {
			violation("OpenThreadToken without impersonating");
			throw failure("OpenThreadToken", ERROR_NO_TOKEN);
		}
		return token;
	}

	private static Account account(String sid) {
		return new Account(sid, switch (sid) {
			case PROCESS_SID -> "TEST\\server";
			case OTHER_SID -> "TEST\\other";
			case ADMINISTRATORS_SID -> "BUILTIN\\Administrators";
			default -> null;
		});
	}

	@Override
	public synchronized void revertToSelf() throws Win32Exception {
		this.calls.add("RevertToSelf");
		if (this.revertFailure != null) {
			throw failure("RevertToSelf", this.revertFailure);
		}
		this.impersonating.remove(Thread.currentThread());
		this.threadToken.remove(Thread.currentThread());
	}

	@Override
	public synchronized Account processOwner() {
		this.calls.add("GetTokenInformation TokenOwner");
		return account(this.processToken.owner());
	}

	// The owner recorded when the name's first instance was created, as a client reads it back.
	@Override
	public synchronized Account handleOwner(long handle) throws Win32Exception {
		this.calls.add("GetSecurityInfo " + handle + " SE_KERNEL_OBJECT OWNER_SECURITY_INFORMATION");
		ClientEnd client = handle(handle, ClientEnd.class, "GetSecurityInfo");
		if (client == null) {
			throw failure("GetSecurityInfo", Win32.ERROR_INVALID_HANDLE);
		}
		if (this.handleOwnerFailure != null) {
			throw failure("GetSecurityInfo", this.handleOwnerFailure);
		}
		if (client.server == null) {
			throw failure("GetSecurityInfo", Win32.ERROR_PIPE_NOT_CONNECTED);
		}
		return this.ownerless ? null : account(client.server.name.owner);
	}

	@Override
	public synchronized long convertSecurityDescriptor(String sddl) throws Win32Exception {
		this.calls.add("ConvertStringSecurityDescriptorToSecurityDescriptorW " + sddl);
		if (!sddl.matches("(O:[^D]+)?(G:[^D]+)?D:P?(\\([^)]*\\))*")) {
			throw failure("ConvertStringSecurityDescriptorToSecurityDescriptorW", ERROR_INVALID_PARAMETER);
		}
		long address = this.nextAddress += 0x100;
		this.descriptors.put(address, sddl);
		return address;
	}

	@Override
	public synchronized void localFree(long address) {
		this.calls.add("LocalFree " + address);
		if (this.descriptors.remove(address) == null) {
			violation("LocalFree of unknown or freed memory " + address);
		}
	}

	// The rights the allow ACEs grant the token, which must include all of the needed ones.
	// An ACE applies to its SID when the token has it, to Everyone (WD), and to the owner
	// (OW) when the token has the name's owner. No descriptor: the default DACL, which lets
	// every local user read and write but only the owner create instances.
	private static boolean allows(PipeName name, Token token, int needed) {
		if (name.sddl == null) {
			return true;
		}
		int granted = 0;
		Matcher ace = ACE.matcher(name.sddl);
		while (ace.find()) {
			String trustee = ace.group(2);
			if (token.has(trustee) || trustee.equals("WD") || (trustee.equals("OW") && token.has(name.owner))) {
				granted |= rights(ace.group(1));
			}
		}
		return (granted & needed) == needed;
	}

	// A hexadecimal mask, or GA, GR and GW as the pipe's generic mapping makes them.
	private static int rights(String text) {
		if (text.startsWith("0x")) {
			return Integer.parseUnsignedInt(text.substring(2), 16);
		}
		int mask = 0;
		for (int i = 0; i < text.length(); i += 2) {
			mask |= switch (text.substring(i, Math.min(i + 2, text.length()))) {
				case "GA" -> FILE_ALL_ACCESS;
				case "GR" -> FILE_GENERIC_READ;
				case "GW" -> FILE_GENERIC_WRITE;
				default -> throw new IllegalArgumentException("The fake does not model the rights '" + text + "'");
			};
		}
		return mask;
	}

	// The owner the descriptor names, else the creator's token owner.
	private static String ownerNamedIn(String sddl, Token creator) {
		Matcher owner = (sddl != null) ? OWNER.matcher(sddl) : null;
		return (owner != null && owner.find()) ? owner.group(1) : creator.owner();
	}

	// Memory

	@Override
	public synchronized NativeOverlapped allocate(int bufferBytes) {
		FakeOverlapped overlapped = new FakeOverlapped(this.nextAddress += 0x100, bufferBytes);
		this.allocations.put(overlapped.address, overlapped);
		return overlapped;
	}

	@Override
	public synchronized void free(NativeOverlapped overlapped) {
		FakeOverlapped fake = (FakeOverlapped) overlapped;
		if (this.inFlight.containsKey(fake.address)) {
			violation("OVERLAPPED " + fake.address + " freed while its operation is pending");
		}
		if (this.allocations.remove(fake.address) == null) {
			violation("OVERLAPPED " + fake.address + " freed twice");
		}
		fake.freed = true;
	}

	// Internals

	private Operation start(Operation operation) {
		FakeOverlapped overlapped = operation.overlapped;
		if (overlapped.freed) {
			violation("Operation started on freed OVERLAPPED " + overlapped.address);
		}
		if (this.inFlight.putIfAbsent(overlapped.address, operation) != null) {
			violation("OVERLAPPED " + overlapped.address + " reused while its operation is pending");
		}
		return operation;
	}

	private void complete(Operation operation, int bytes, int error) {
		operation.completed = true;
		Port port = portOf(operation.handle);
		if (port == null) {
			violation("Completion for handle " + operation.handle + " that is not associated with a port");
			return;
		}
		port.queue.add(new Completion(0, operation.overlapped.address, bytes, error));
	}

	private Port portOf(long handle) {
		Object end = this.handles.get(handle);
		if (end instanceof ServerEnd server) {
			return server.port;
		}
		if (end instanceof ClientEnd client) {
			return client.port;
		}
		return null;
	}

	private <T> T handle(long value, Class<T> type, String function) {
		Object object = this.handles.get(value);
		if (!type.isInstance(object)) {
			violation(function + " on unknown, closed or wrong handle " + value);
			return null;
		}
		return type.cast(object);
	}

	private long newHandle() {
		return this.nextHandle += 4;
	}

	private void violation(String text) {
		this.violations.add(text);
	}

	private static String key(String path) {
		return path.toLowerCase(Locale.ROOT);
	}

	private static Win32Exception failure(String function, int error) {
		return new Win32Exception(function, error, null);
	}

	enum State {

		LISTENING, CONNECTED, CLIENT_LEFT, DISCONNECTED

	}

	static final class PipeName {

		final String path;

		final String sddl;

		final String owner;

		final List<ServerEnd> instances = new ArrayList<>();

		PipeName(String path, String sddl, String owner) {
			this.path = path;
			this.sddl = sddl;
			this.owner = owner;
		}

	}

	/**
	 * An access token as the access check sees it.
	 *
	 * @param user the user SID
	 * @param owner the SID made owner of the objects it creates
	 * @param enabledGroups the groups allow entries apply to
	 */
	record Token(String user, String owner, Set<String> enabledGroups) {

		/** A standard user, or an administrator not elevated: owner of its own objects. */
		static Token standard(String user) {
			return new Token(user, user, Set.of());
		}

		/** An elevated administrator: Administrators is enabled and owns its objects. */
		static Token elevated(String user) {
			return new Token(user, ADMINISTRATORS_SID, Set.of(ADMINISTRATORS_SID));
		}

		boolean has(String sid) {
			return this.user.equals(sid) || this.enabledGroups.contains(sid);
		}

	}

	/** A server instance. */
	final class ServerEnd {

		final long handle;

		final PipeName name;

		final int openMode;

		final int pipeMode;

		State state = State.LISTENING;

		Operation connect;

		ClientEnd client;

		Channel toServer;

		Channel toClient;

		Port port;

		boolean accepted;

		ServerEnd(long handle, PipeName name, int openMode, int pipeMode) {
			this.handle = handle;
			this.name = name;
			this.openMode = openMode;
			this.pipeMode = pipeMode;
		}

		void attach(ClientEnd client) {
			this.client = client;
			this.toServer = new Channel();
			this.toClient = new Channel();
			client.fromServer = this.toClient;
			client.toServer = this.toServer;
			this.state = State.CONNECTED;
			if (this.connect != null) {
				Operation operation = this.connect;
				this.connect = null;
				this.accepted = true;
				complete(operation, 0, Win32.ERROR_SUCCESS);
			}
		}

		// The server end leaves: disconnecting discards unread data, closing lets the
		// client read what is buffered first.
		void endConnection(boolean discard) {
			if (this.toClient != null) {
				if (discard) {
					this.toClient.clear();
				}
				this.toClient.writerGone(discard ? Win32.ERROR_PIPE_NOT_CONNECTED : Win32.ERROR_BROKEN_PIPE);
				this.toServer.readerGone();
			}
			if (this.client != null) {
				this.client.server = null;
			}
			this.client = null;
			this.toClient = null;
			this.toServer = null;
		}

		@Override
		public String toString() {
			return "ServerEnd[" + this.name.path + ", " + this.state + "]";
		}

	}

	/** A client end, ours (with a handle) or another process's. */
	final class ClientEnd {

		final long handle;

		final Token token;

		final long processId = 5000 + ScriptedWin32Pipes.this.nextHandle;

		ServerEnd server;

		Channel fromServer;

		Channel toServer;

		Port port;

		ClientEnd(long handle, ServerEnd server, Token token) {
			this.handle = handle;
			this.server = server;
			this.token = token;
		}

		void close() {
			if (this.toServer != null) {
				this.toServer.writerGone(Win32.ERROR_BROKEN_PIPE);
				this.fromServer.readerGone();
			}
			if (this.server != null && this.server.state == State.CONNECTED && !this.server.accepted) {
				this.server.state = State.CLIENT_LEFT;
			}
		}

		@Override
		public String toString() {
			return "ClientEnd[" + this.handle + "]";
		}

	}

	/** One direction of a connection: a bounded byte buffer. */
	final class Channel {

		private final byte[] bytes = new byte[CHANNEL_CAPACITY];

		private int start;

		private int count;

		Operation pendingRead;

		Operation pendingWrite;

		private int pendingWriteOffset;

		boolean zeroByteWrite;

		int writerGone;

		boolean readerGone;

		int available() {
			return this.count;
		}

		void clear() {
			this.start = 0;
			this.count = 0;
		}

		void writerGone(int error) {
			this.writerGone = error;
			pump();
		}

		void readerGone() {
			this.readerGone = true;
			if (this.pendingWrite != null) {
				Operation write = this.pendingWrite;
				this.pendingWrite = null;
				complete(write, 0, Win32.ERROR_BROKEN_PIPE);
			}
			pump();
		}

		void append(byte[] data, int offset, int length) {
			for (int i = 0; i < length; i++) {
				this.bytes[(this.start + this.count + i) % this.bytes.length] = data[offset + i];
			}
			this.count += length;
		}

		int take(byte[] target, int length) {
			int taken = Math.min(length, this.count);
			for (int i = 0; i < taken; i++) {
				target[i] = this.bytes[(this.start + i) % this.bytes.length];
			}
			this.start = (this.start + taken) % this.bytes.length;
			this.count -= taken;
			return taken;
		}

		// Moves pending write data into the buffer and satisfies a pending read.
		void pump() {
			if (this.pendingWrite != null) {
				Operation write = this.pendingWrite;
				int length = Math.min(write.data.length - this.pendingWriteOffset, this.bytes.length - this.count);
				append(write.data, this.pendingWriteOffset, length);
				this.pendingWriteOffset += length;
				if (this.pendingWriteOffset == write.data.length) {
					this.pendingWrite = null;
					this.pendingWriteOffset = 0;
					complete(write, write.data.length, Win32.ERROR_SUCCESS);
				}
			}
			if (this.pendingRead != null) {
				Operation read = this.pendingRead;
				if (this.count > 0) {
					byte[] chunk = new byte[read.count];
					int taken = take(chunk, read.count);
					this.pendingRead = null;
					read.overlapped.write(chunk, taken);
					complete(read, taken, Win32.ERROR_SUCCESS);
					pump();
				}
				else if (this.zeroByteWrite) {
					this.zeroByteWrite = false;
					this.pendingRead = null;
					complete(read, 0, Win32.ERROR_SUCCESS);
				}
				else if (this.writerGone != 0) {
					this.pendingRead = null;
					complete(read, 0, this.writerGone);
				}
			}
			ScriptedWin32Pipes.this.notifyAll();
		}

	}

	/** A client in another process: blocking calls, no handles of ours. */
	final class ForeignClient {

		private final ClientEnd end;

		ForeignClient(ClientEnd end) {
			this.end = end;
		}

		void write(byte[] data) {
			synchronized (ScriptedWin32Pipes.this) {
				if (data.length > CHANNEL_CAPACITY - this.end.toServer.available()) {
					throw new IllegalArgumentException("A foreign client writes at most the free buffer space");
				}
				this.end.toServer.append(data, 0, data.length);
				this.end.toServer.pump();
			}
		}

		/** WriteFile with zero bytes: the server's pending read completes with 0 bytes. */
		void writeNothing() {
			synchronized (ScriptedWin32Pipes.this) {
				this.end.toServer.zeroByteWrite = true;
				this.end.toServer.pump();
			}
		}

		/** Reads until the server's end is gone. */
		byte[] readToEnd() throws InterruptedException {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			synchronized (ScriptedWin32Pipes.this) {
				Channel channel = this.end.fromServer;
				byte[] chunk = new byte[CHANNEL_CAPACITY];
				while (true) {
					int taken = channel.take(chunk, chunk.length);
					all.write(chunk, 0, taken);
					channel.pump();
					if (taken == 0) {
						if (channel.writerGone != 0) {
							return all.toByteArray();
						}
						ScriptedWin32Pipes.this.wait();
					}
				}
			}
		}

		void close() {
			synchronized (ScriptedWin32Pipes.this) {
				this.end.close();
				ScriptedWin32Pipes.this.notifyAll();
			}
		}

	}

	static final class Port {

		final BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();

	}

	static final class Operation {

		final long handle;

		final FakeOverlapped overlapped;

		final int count;

		byte[] data;

		boolean completed;

		Operation(long handle, NativeOverlapped overlapped, int count) {
			this.handle = handle;
			this.overlapped = (FakeOverlapped) overlapped;
			this.count = count;
		}

	}

	/** Native memory stand-in that notices use after free. */
	final class FakeOverlapped implements NativeOverlapped {

		final long address;

		final byte[] buffer;

		volatile boolean freed;

		FakeOverlapped(long address, int capacity) {
			this.address = address;
			this.buffer = new byte[capacity];
		}

		@Override
		public long address() {
			return this.address;
		}

		@Override
		public int capacity() {
			return this.buffer.length;
		}

		@Override
		public void reset() {
			checkLive("reset");
		}

		@Override
		public void put(ByteBuffer source, int count) {
			checkLive("put");
			source.get(this.buffer, 0, count);
		}

		@Override
		public void get(ByteBuffer target, int count) {
			checkLive("get");
			target.put(this.buffer, 0, count);
		}

		void write(byte[] data, int count) {
			checkLive("kernel write");
			System.arraycopy(data, 0, this.buffer, 0, count);
		}

		void read(byte[] data, int count) {
			checkLive("kernel read");
			System.arraycopy(this.buffer, 0, data, 0, count);
		}

		private void checkLive(String use) {
			if (this.freed) {
				violation("OVERLAPPED " + this.address + " used after free (" + use + ")");
			}
		}

	}

}
