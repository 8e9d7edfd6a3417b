package dev.namedpipe.windows;

import org.jspecify.annotations.Nullable;

/**
 * Every Win32 call the backend makes, and nothing more: the one seam between the state
 * machines of this package and the operating system. {@link JnaWin32Pipes} implements it
 * with JNA; tests implement it with a scripted fake.
 *
 * <p>Handles are their numeric values. Calls that start overlapped I/O do not throw:
 * they return {@link Win32#ERROR_SUCCESS} when the operation completed at once (a
 * completion is still queued to the port), {@link Win32#ERROR_IO_PENDING} when it will
 * complete later, or the error code of an immediate failure (nothing is queued).
 */
interface Win32Pipes {

	/**
	 * {@code CreateNamedPipeW}, with PIPE_UNLIMITED_INSTANCES, no default timeout and
	 * handles that are not inherited.
	 * @param path the pipe path, {@code \\.\pipe\<name>}
	 * @param openMode the open mode flags
	 * @param pipeMode the pipe mode flags
	 * @param outBufferBytes the output buffer size
	 * @param inBufferBytes the input buffer size
	 * @param securityDescriptor a self-relative security descriptor, 0 for the default
	 * @return the instance handle
	 * @throws Win32Exception when the call fails
	 */
	long createNamedPipe(String path, int openMode, int pipeMode, int outBufferBytes, int inBufferBytes,
			long securityDescriptor) throws Win32Exception;

	/**
	 * Overlapped {@code ConnectNamedPipe}.
	 * @param pipe the instance
	 * @param overlapped the operation's OVERLAPPED
	 * @return the start status (see the type's description)
	 */
	int connectNamedPipe(long pipe, NativeOverlapped overlapped);

	/**
	 * Overlapped {@code ReadFile} into the overlapped's buffer.
	 * @param handle the pipe
	 * @param overlapped the operation's OVERLAPPED and buffer
	 * @param count bytes to read at most
	 * @return the start status
	 */
	int readFile(long handle, NativeOverlapped overlapped, int count);

	/**
	 * Overlapped {@code WriteFile} from the overlapped's buffer.
	 * @param handle the pipe
	 * @param overlapped the operation's OVERLAPPED and buffer
	 * @param count bytes to write
	 * @return the start status
	 */
	int writeFile(long handle, NativeOverlapped overlapped, int count);

	/**
	 * {@code CancelIoEx} for every operation of this process on the handle.
	 * @param handle the handle
	 * @return {@code false} when nothing was pending (ERROR_NOT_FOUND)
	 * @throws Win32Exception when the call fails otherwise
	 */
	boolean cancelIo(long handle) throws Win32Exception;

	/**
	 * {@code DisconnectNamedPipe}.
	 * @param pipe the server instance
	 * @throws Win32Exception when the call fails
	 */
	void disconnectNamedPipe(long pipe) throws Win32Exception;

	/**
	 * {@code CloseHandle}.
	 * @param handle the handle
	 * @throws Win32Exception when the call fails
	 */
	void closeHandle(long handle) throws Win32Exception;

	/**
	 * {@code CreateIoCompletionPort} for a new port served by one thread.
	 * @return the port handle
	 * @throws Win32Exception when the call fails
	 */
	long createCompletionPort() throws Win32Exception;

	/**
	 * {@code CreateIoCompletionPort} associating a handle with a port.
	 * @param port the port
	 * @param handle the handle opened with FILE_FLAG_OVERLAPPED
	 * @throws Win32Exception when the call fails
	 */
	void associate(long port, long handle) throws Win32Exception;

	/**
	 * {@code GetQueuedCompletionStatus} without a timeout.
	 * @param port the port
	 * @return the dequeued completion
	 * @throws Win32Exception when the port itself failed (no completion was dequeued)
	 */
	Completion dequeue(long port) throws Win32Exception;

	/**
	 * {@code PostQueuedCompletionStatus} without an OVERLAPPED.
	 * @param port the port
	 * @param key the completion key to post
	 * @throws Win32Exception when the call fails
	 */
	void post(long port, long key) throws Win32Exception;

	/**
	 * {@code GetNamedPipeClientProcessId}.
	 * @param pipe the connected server instance
	 * @return the client's process id
	 * @throws Win32Exception when the call fails
	 */
	long clientProcessId(long pipe) throws Win32Exception;

	/**
	 * {@code GetNamedPipeServerProcessId}.
	 * @param pipe the client handle
	 * @return the server's process id
	 * @throws Win32Exception when the call fails
	 */
	long serverProcessId(long pipe) throws Win32Exception;

	/**
	 * {@code ImpersonateNamedPipeClient} on the calling thread.
	 * @param pipe the connected server instance
	 * @throws Win32Exception when the call fails (the thread is not impersonating then)
	 */
	void impersonateNamedPipeClient(long pipe) throws Win32Exception;

	/**
	 * {@code OpenThreadToken} (as self) and its TokenUser: the SID of the user the calling
	 * thread impersonates, without looking its name up.
	 * @return the SID in string form
	 * @throws Win32Exception when the token cannot be read
	 */
	String threadUserSid() throws Win32Exception;

	/**
	 * {@code ConvertStringSidToSidW} and {@code LookupAccountSidW}: the account name of a SID,
	 * which may take a domain controller's answer.
	 * @param sid the SID in string form
	 * @return {@code DOMAIN\name}, or {@code null} when Windows has no name for the SID
	 * @throws Win32Exception when the SID is invalid
	 */
	@Nullable String accountName(String sid) throws Win32Exception;

	/**
	 * {@code OpenThreadToken} (as self) and {@code CheckTokenMembership}: whether the token
	 * the calling thread impersonates has the SID enabled, as an allow entry for that SID
	 * would see it.
	 * @param sid the security identifier in string form
	 * @return whether the SID is enabled in the token
	 * @throws Win32Exception when the token cannot be read or the SID is invalid
	 */
	boolean isThreadTokenMember(String sid) throws Win32Exception;

	/**
	 * {@code RevertToSelf}.
	 * @throws Win32Exception when the thread could not stop impersonating
	 */
	void revertToSelf() throws Win32Exception;

	/**
	 * The TokenOwner of this process's token: the SID Windows makes owner of the objects
	 * this process creates, the user itself or, for an elevated administrator,
	 * BUILTIN\Administrators.
	 * @return the token's owner
	 * @throws Win32Exception when the token cannot be read
	 */
	Account processOwner() throws Win32Exception;

	/**
	 * {@code GetSecurityInfo(SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION)}: the owner of the
	 * object behind a handle, for a client handle the owner the server gave its pipe (what .NET's
	 * {@code NamedPipeClientStream} compares with its token owner). Needs READ_CONTROL, which
	 * GENERIC_READ includes.
	 * @param handle the handle
	 * @return the owner, or {@code null} when the descriptor names none (Windows gives every
	 * object one; Wine records none for a pipe created with the default security)
	 * @throws Win32Exception when the descriptor cannot be read
	 */
	@Nullable Account handleOwner(long handle) throws Win32Exception;

	/**
	 * {@code ConvertStringSecurityDescriptorToSecurityDescriptorW}, revision 1.
	 * @param sddl the descriptor in SDDL
	 * @return the address of the descriptor, to be given to {@link #localFree(long)}
	 * @throws Win32Exception when the SDDL is invalid
	 */
	long convertSecurityDescriptor(String sddl) throws Win32Exception;

	/**
	 * {@code LocalFree}.
	 * @param address memory the system allocated
	 */
	void localFree(long address);

	/**
	 * {@code CreateFileW} with OPEN_EXISTING, no sharing and no security attributes.
	 * @param path the pipe path
	 * @param access the desired access
	 * @param flags the flags and attributes
	 * @return the handle
	 * @throws Win32Exception when the call fails (ERROR_PIPE_BUSY, ERROR_FILE_NOT_FOUND, ...)
	 */
	long createFile(String path, int access, int flags) throws Win32Exception;

	/**
	 * {@code WaitNamedPipeW}.
	 * @param path the pipe path
	 * @param millis how long to wait for a free instance
	 * @throws Win32Exception when no instance became free (ERROR_SEM_TIMEOUT) or none exists
	 */
	void waitNamedPipe(String path, int millis) throws Win32Exception;

	/**
	 * Allocates an OVERLAPPED and a data buffer in native memory.
	 * @param bufferBytes the buffer size, may be 0
	 * @return the allocation
	 */
	NativeOverlapped allocate(int bufferBytes);

	/**
	 * Frees what {@link #allocate(int)} returned. Never while an operation is pending on it.
	 * @param overlapped the allocation
	 */
	void free(NativeOverlapped overlapped);

	/**
	 * One dequeued completion.
	 *
	 * @param key the completion key
	 * @param overlapped the OVERLAPPED's address, 0 for a posted completion
	 * @param bytes the bytes transferred
	 * @param error 0 on success, else the operation's error code
	 */
	record Completion(long key, long overlapped, int bytes, int error) {

	}

	/**
	 * A Windows account or group.
	 *
	 * @param sid the security identifier in string form ({@code S-1-5-21-...})
	 * @param name {@code DOMAIN\name}, or {@code null} when it could not be looked up
	 */
	record Account(String sid, @Nullable String name) {

	}

}
