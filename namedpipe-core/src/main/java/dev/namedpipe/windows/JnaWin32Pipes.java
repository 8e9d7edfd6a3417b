package dev.namedpipe.windows;

import java.nio.ByteBuffer;
import java.util.Map;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import org.jspecify.annotations.Nullable;

/**
 * {@link Win32Pipes} over the real API through JNA. Only ever loaded on Windows.
 *
 * <p>Every failure is read with {@code Native.getLastError()} right after the call that
 * failed. An allocation is one block of native memory: the OVERLAPPED
 * ({@code 3 * pointer size + 8} bytes) followed by the data buffer.
 */
final class JnaWin32Pipes implements Win32Pipes {

	static final int OVERLAPPED_BYTES = 3 * Native.POINTER_SIZE + 8;

	private static final long INVALID_HANDLE_VALUE = -1;

	private static final int OPEN_EXISTING = 3;

	private static final int TOKEN_QUERY = 0x0008;

	private static final int TOKEN_USER = 1;

	private static final int TOKEN_OWNER = 4;

	private static final int SE_KERNEL_OBJECT = 6;

	private static final int OWNER_SECURITY_INFORMATION = 0x1;

	private static final int SDDL_REVISION_1 = 1;

	private static final int INFINITE = 0xFFFFFFFF;

	private static final int ERROR_INSUFFICIENT_BUFFER = 122;

	private static final int ACCOUNT_NAME_CHARS = 256;

	// WINAPI is stdcall on 32-bit Windows and the one C convention everywhere else.
	private static final Map<String, Object> WIN32_CALLS = Map.of(Library.OPTION_CALLING_CONVENTION,
			(Platform.isWindows() && !Platform.is64Bit()) ? StdCallLibrary.STDCALL_CONVENTION : Function.C_CONVENTION);

	private final Kernel32Pipes kernel32;

	private final Advapi32Pipes advapi32;

	JnaWin32Pipes() {
		this("kernel32", "advapi32");
	}

	/**
	 * Binds to the given libraries; tests bind a stand-in with the same exports.
	 */
	JnaWin32Pipes(String kernel32, String advapi32) {
		this.kernel32 = Native.load(kernel32, Kernel32Pipes.class, WIN32_CALLS);
		this.advapi32 = Native.load(advapi32, Advapi32Pipes.class, WIN32_CALLS);
	}

	@Override
	public long createNamedPipe(String path, int openMode, int pipeMode, int outBufferBytes, int inBufferBytes,
			long securityDescriptor) throws Win32Exception {
		WinBase.SECURITY_ATTRIBUTES attributes = null;
		if (securityDescriptor != 0) {
			attributes = new WinBase.SECURITY_ATTRIBUTES();
			attributes.lpSecurityDescriptor = new Pointer(securityDescriptor);
			attributes.bInheritHandle = false;
		}
		Pointer handle = this.kernel32.CreateNamedPipeW(new WString(path), openMode, pipeMode,
				Win32.PIPE_UNLIMITED_INSTANCES, outBufferBytes, inBufferBytes, 0, attributes);
		return validHandle("CreateNamedPipeW", handle);
	}

	@Override
	public int connectNamedPipe(long pipe, NativeOverlapped overlapped) {
		return startStatus(this.kernel32.ConnectNamedPipe(handle(pipe), pointer(overlapped)));
	}

	@Override
	public int readFile(long handle, NativeOverlapped overlapped, int count) {
		JnaOverlapped operation = (JnaOverlapped) overlapped;
		return startStatus(
				this.kernel32.ReadFile(handle(handle), operation.buffer(), count, null, operation.overlapped()));
	}

	@Override
	public int writeFile(long handle, NativeOverlapped overlapped, int count) {
		JnaOverlapped operation = (JnaOverlapped) overlapped;
		return startStatus(
				this.kernel32.WriteFile(handle(handle), operation.buffer(), count, null, operation.overlapped()));
	}

	@Override
	public boolean cancelIo(long handle) throws Win32Exception {
		if (this.kernel32.CancelIoEx(handle(handle), null)) {
			return true;
		}
		int error = Native.getLastError();
		if (error == Win32.ERROR_NOT_FOUND) {
			return false;
		}
		throw failure("CancelIoEx", error);
	}

	@Override
	public void disconnectNamedPipe(long pipe) throws Win32Exception {
		check("DisconnectNamedPipe", this.kernel32.DisconnectNamedPipe(handle(pipe)));
	}

	@Override
	public void closeHandle(long handle) throws Win32Exception {
		check("CloseHandle", this.kernel32.CloseHandle(handle(handle)));
	}

	@Override
	public long createCompletionPort() throws Win32Exception {
		Pointer port = this.kernel32.CreateIoCompletionPort(handle(INVALID_HANDLE_VALUE), null, null, 1);
		return nonNullHandle("CreateIoCompletionPort", port);
	}

	@Override
	public void associate(long port, long handle) throws Win32Exception {
		nonNullHandle("CreateIoCompletionPort", this.kernel32.CreateIoCompletionPort(handle(handle), handle(port),
				null, 0));
	}

	@Override
	public Completion dequeue(long port) throws Win32Exception {
		IntByReference bytes = new IntByReference();
		PointerByReference key = new PointerByReference();
		PointerByReference overlapped = new PointerByReference();
		boolean succeeded = this.kernel32.GetQueuedCompletionStatus(handle(port), bytes, key, overlapped, INFINITE);
		int error = succeeded ? Win32.ERROR_SUCCESS : Native.getLastError();
		long overlappedAddress = Pointer.nativeValue(overlapped.getValue());
		if (!succeeded && overlappedAddress == 0) {
			throw failure("GetQueuedCompletionStatus", error);
		}
		return new Completion(Pointer.nativeValue(key.getValue()), overlappedAddress, bytes.getValue(), error);
	}

	@Override
	public void post(long port, long key) throws Win32Exception {
		check("PostQueuedCompletionStatus",
				this.kernel32.PostQueuedCompletionStatus(handle(port), 0, new Pointer(key), null));
	}

	@Override
	public long clientProcessId(long pipe) throws Win32Exception {
		IntByReference processId = new IntByReference();
		check("GetNamedPipeClientProcessId", this.kernel32.GetNamedPipeClientProcessId(handle(pipe), processId));
		return Integer.toUnsignedLong(processId.getValue());
	}

	@Override
	public long serverProcessId(long pipe) throws Win32Exception {
		IntByReference processId = new IntByReference();
		check("GetNamedPipeServerProcessId", this.kernel32.GetNamedPipeServerProcessId(handle(pipe), processId));
		return Integer.toUnsignedLong(processId.getValue());
	}

	@Override
	public void impersonateNamedPipeClient(long pipe) throws Win32Exception {
		check("ImpersonateNamedPipeClient", this.advapi32.ImpersonateNamedPipeClient(handle(pipe)));
	}

	@Override
	public String threadUserSid() throws Win32Exception {
		return accountOfToken(openThreadToken(), TOKEN_USER, false).sid();
	}

	@Override
	public @Nullable String accountName(String sid) throws Win32Exception {
		PointerByReference binarySid = new PointerByReference();
		check("ConvertStringSidToSidW", this.advapi32.ConvertStringSidToSidW(new WString(sid), binarySid));
		try {
			return accountName(binarySid.getValue());
		}
		finally {
			this.kernel32.LocalFree(binarySid.getValue());
		}
	}

	@Override
	public boolean isThreadTokenMember(String sid) throws Win32Exception {
		Pointer token = openThreadToken();
		try {
			PointerByReference binarySid = new PointerByReference();
			check("ConvertStringSidToSidW", this.advapi32.ConvertStringSidToSidW(new WString(sid), binarySid));
			try {
				IntByReference member = new IntByReference();
				check("CheckTokenMembership", this.advapi32.CheckTokenMembership(token, binarySid.getValue(), member));
				return member.getValue() != 0;
			}
			finally {
				this.kernel32.LocalFree(binarySid.getValue());
			}
		}
		finally {
			this.kernel32.CloseHandle(token);
		}
	}

	// As self: the client's token may allow identification only, too little to open it as
	// the client (ERROR_BAD_IMPERSONATION_LEVEL).
	private Pointer openThreadToken() throws Win32Exception {
		PointerByReference token = new PointerByReference();
		check("OpenThreadToken",
				this.advapi32.OpenThreadToken(this.kernel32.GetCurrentThread(), TOKEN_QUERY, true, token));
		return token.getValue();
	}

	@Override
	public void revertToSelf() throws Win32Exception {
		check("RevertToSelf", this.advapi32.RevertToSelf());
	}

	@Override
	public Account processOwner() throws Win32Exception {
		PointerByReference token = new PointerByReference();
		check("OpenProcessToken",
				this.advapi32.OpenProcessToken(this.kernel32.GetCurrentProcess(), TOKEN_QUERY, token));
		return accountOfToken(token.getValue(), TOKEN_OWNER, true);
	}

	// TOKEN_USER and TOKEN_OWNER both start with the SID's address; the SID follows in the
	// same buffer.
	private Account accountOfToken(Pointer token, int informationClass, boolean withName) throws Win32Exception {
		try {
			IntByReference length = new IntByReference();
			if (!this.advapi32.GetTokenInformation(token, informationClass, null, 0, length)) {
				int error = Native.getLastError();
				if (error != ERROR_INSUFFICIENT_BUFFER) {
					throw failure("GetTokenInformation", error);
				}
			}
			try (Memory information = new Memory(length.getValue())) {
				check("GetTokenInformation", this.advapi32.GetTokenInformation(token, informationClass, information,
						length.getValue(), length));
				Pointer sid = information.getPointer(0);
				return new Account(stringSid(sid), withName ? accountName(sid) : null);
			}
		}
		finally {
			this.kernel32.CloseHandle(token);
		}
	}

	// GetSecurityInfo returns its error code rather than setting the last error; a descriptor
	// without an owner gives a null owner (Wine records none for a pipe of default security).
	@Override
	public @Nullable Account handleOwner(long handle) throws Win32Exception {
		PointerByReference owner = new PointerByReference();
		PointerByReference descriptor = new PointerByReference();
		int error = this.advapi32.GetSecurityInfo(handle(handle), SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION, owner,
				null, null, null, descriptor);
		if (error != Win32.ERROR_SUCCESS) {
			throw failure("GetSecurityInfo", error);
		}
		try {
			Pointer sid = owner.getValue();
			return (sid != null) ? new Account(stringSid(sid), accountName(sid)) : null;
		}
		finally {
			this.kernel32.LocalFree(descriptor.getValue());
		}
	}

	private String stringSid(Pointer sid) throws Win32Exception {
		PointerByReference text = new PointerByReference();
		check("ConvertSidToStringSidW", this.advapi32.ConvertSidToStringSidW(sid, text));
		try {
			return text.getValue().getWideString(0);
		}
		finally {
			this.kernel32.LocalFree(text.getValue());
		}
	}

	private @Nullable String accountName(Pointer sid) {
		try (Memory name = new Memory((long) ACCOUNT_NAME_CHARS * Native.WCHAR_SIZE);
				Memory domain = new Memory((long) ACCOUNT_NAME_CHARS * Native.WCHAR_SIZE)) {
			IntByReference nameLength = new IntByReference(ACCOUNT_NAME_CHARS);
			IntByReference domainLength = new IntByReference(ACCOUNT_NAME_CHARS);
			if (!this.advapi32.LookupAccountSidW(null, sid, name, nameLength, domain, domainLength,
					new IntByReference())) {
				return null;
			}
			String user = name.getWideString(0);
			String domainName = domain.getWideString(0);
			return domainName.isEmpty() ? user : domainName + "\\" + user;
		}
	}

	@Override
	public long convertSecurityDescriptor(String sddl) throws Win32Exception {
		PointerByReference descriptor = new PointerByReference();
		check("ConvertStringSecurityDescriptorToSecurityDescriptorW", this.advapi32
			.ConvertStringSecurityDescriptorToSecurityDescriptorW(new WString(sddl), SDDL_REVISION_1, descriptor, null));
		return Pointer.nativeValue(descriptor.getValue());
	}

	@Override
	public void localFree(long address) {
		this.kernel32.LocalFree(new Pointer(address));
	}

	@Override
	public long createFile(String path, int access, int flags) throws Win32Exception {
		Pointer handle = this.kernel32.CreateFileW(new WString(path), access, 0, null, OPEN_EXISTING, flags, null);
		return validHandle("CreateFileW", handle);
	}

	@Override
	public void waitNamedPipe(String path, int millis) throws Win32Exception {
		check("WaitNamedPipeW", this.kernel32.WaitNamedPipeW(new WString(path), millis));
	}

	@Override
	public NativeOverlapped allocate(int bufferBytes) {
		return new JnaOverlapped(bufferBytes);
	}

	@Override
	public void free(NativeOverlapped overlapped) {
		((JnaOverlapped) overlapped).memory.close();
	}

	private static Pointer handle(long value) {
		return new Pointer(value);
	}

	private static Pointer pointer(NativeOverlapped overlapped) {
		return ((JnaOverlapped) overlapped).overlapped();
	}

	private static int startStatus(boolean succeeded) {
		return succeeded ? Win32.ERROR_SUCCESS : Native.getLastError();
	}

	private static void check(String function, boolean succeeded) throws Win32Exception {
		if (!succeeded) {
			throw failure(function, Native.getLastError());
		}
	}

	private static long validHandle(String function, Pointer handle) throws Win32Exception {
		long value = Pointer.nativeValue(handle);
		if (value == INVALID_HANDLE_VALUE) {
			throw failure(function, Native.getLastError());
		}
		return value;
	}

	private static long nonNullHandle(String function, Pointer handle) throws Win32Exception {
		long value = Pointer.nativeValue(handle);
		if (value == 0) {
			throw failure(function, Native.getLastError());
		}
		return value;
	}

	private static Win32Exception failure(String function, int error) {
		return new Win32Exception(function, error, systemMessage(error));
	}

	private static String systemMessage(int error) {
		try {
			return Kernel32Util.formatMessage(error);
		}
		catch (RuntimeException | LinkageError ex) {
			// The text is a courtesy; the code is in the exception either way.
			return null;
		}
	}

	/**
	 * One native block: the OVERLAPPED, then the data buffer.
	 */
	private static final class JnaOverlapped implements NativeOverlapped {

		private final Memory memory;

		private final int capacity;

		JnaOverlapped(int capacity) {
			this.memory = new Memory(OVERLAPPED_BYTES + (long) capacity);
			this.memory.clear();
			this.capacity = capacity;
		}

		Pointer overlapped() {
			return this.memory;
		}

		Pointer buffer() {
			return this.memory.share(OVERLAPPED_BYTES);
		}

		@Override
		public long address() {
			return Pointer.nativeValue(this.memory);
		}

		@Override
		public int capacity() {
			return this.capacity;
		}

		@Override
		public void reset() {
			this.memory.clear(OVERLAPPED_BYTES);
		}

		@Override
		public void put(ByteBuffer source, int count) {
			ByteBuffer chunk = source.slice();
			chunk.limit(count);
			this.memory.getByteBuffer(OVERLAPPED_BYTES, count).put(chunk);
			source.position(source.position() + count);
		}

		@Override
		public void get(ByteBuffer target, int count) {
			target.put(this.memory.getByteBuffer(OVERLAPPED_BYTES, count));
		}

	}

}
