package dev.namedpipe.windows;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.ConnectDeadline;

/**
 * Opens the client end of a Win32 named pipe: {@code CreateFileW} for reading and writing,
 * overlapped, with SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION so that the server can
 * identify but never impersonate the client. While every instance is busy
 * (ERROR_PIPE_BUSY) it waits with {@code WaitNamedPipeW}; while the pipe does not exist yet
 * (ERROR_FILE_NOT_FOUND) it retries with a growing pause; both within the timeout. Then, by
 * default, it checks the pipe's owner before a byte is sent, as .NET's
 * {@code NamedPipeClientStream} with {@code PipeOptions.CurrentUserOnly} does
 * ({@code ValidateRemotePipeUser}): the owner of the pipe ({@code GetSecurityInfo} on the
 * client handle) must be this process's token owner, or the configured SID.
 */
public final class WindowsPipeClient {

	private WindowsPipeClient() {
	}

	/**
	 * Connects through the Win32 API (loads JNA).
	 * @param endPoint a Windows endpoint
	 * @param options the buffer limits and the server-owner check
	 * @param timeout how long to wait for a free server instance
	 * @return the connection, whose peer carries the server's process id
	 * @throws NamedPipeServerOwnerException when the pipe's owner is not the expected one
	 * @throws ConnectException when no instance became free within the timeout
	 * @throws IOException when opening fails otherwise
	 */
	public static NamedPipeConnection connect(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			Duration timeout) throws IOException {
		return connect(endPoint, options, timeout, PipeRuntime.windows());
	}

	static WindowsPipeConnection connect(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			Duration timeout, PipeRuntime runtime) throws IOException {
		Win32Pipes pipes = runtime.pipes();
		long handle = open(endPoint, timeout, pipes);
		PipeHandle pipe = new PipeHandle(pipes, handle);
		CompletionPort port;
		try {
			verifyOwner(endPoint, options, pipes, handle);
			port = runtime.acquirePort();
		}
		catch (IOException | RuntimeException ex) {
			pipe.close();
			throw ex;
		}
		try {
			port.associate(handle);
			PeerIdentity server = new PeerIdentity(null, null, null, OptionalLong.empty(), OptionalLong.empty(),
					serverProcessId(pipes, handle));
			return new WindowsPipeConnection(endPoint, server, options, runtime, port, pipe);
		}
		catch (IOException | RuntimeException ex) {
			pipe.close();
			runtime.releasePort();
			throw ex;
		}
	}

	private static void verifyOwner(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, Win32Pipes pipes,
			long handle) throws Win32Exception, NamedPipeServerOwnerException {
		if (!options.verifyServerOwner()) {
			return;
		}
		Win32Pipes.Account owner = pipes.handleOwner(handle);
		Win32Pipes.Account expected = (options.serverOwner() != null)
				? new Win32Pipes.Account(options.serverOwner(), null) : pipes.processOwner();
		if (owner == null) {
			throw new NamedPipeServerOwnerException(endPoint.name(), describe(expected),
					"no one (the pipe's security descriptor names no owner)");
		}
		if (!owner.sid().equals(expected.sid())) {
			throw new NamedPipeServerOwnerException(endPoint.name(), describe(expected), describe(owner));
		}
	}

	private static String describe(Win32Pipes.Account account) {
		return (account.name() != null) ? account.sid() + " (" + account.name() + ")" : account.sid();
	}

	private static OptionalLong serverProcessId(Win32Pipes pipes, long handle) {
		try {
			return OptionalLong.of(pipes.serverProcessId(handle));
		}
		catch (Win32Exception ex) {
			return OptionalLong.empty();
		}
	}

	private static long open(NamedPipeEndPoint endPoint, Duration timeout, Win32Pipes pipes) throws IOException {
		ConnectDeadline deadline = new ConnectDeadline(endPoint, timeout);
		while (true) {
			Win32Exception failure;
			try {
				return pipes.createFile(endPoint.address(), PipeFlags.clientAccess(), PipeFlags.clientFlags());
			}
			catch (Win32Exception ex) {
				if (ex.getErrorCode() != Win32.ERROR_PIPE_BUSY && ex.getErrorCode() != Win32.ERROR_FILE_NOT_FOUND) {
					throw ex;
				}
				failure = ex;
			}
			long left = deadline.remaining(failure);
			if (failure.getErrorCode() == Win32.ERROR_PIPE_BUSY) {
				waitForInstance(endPoint, pipes, left);
			}
			else {
				deadline.pause(left);
			}
		}
	}

	// Returns when an instance may be free, the wait timed out, or the pipe went away; the
	// caller's next CreateFileW decides which.
	private static void waitForInstance(NamedPipeEndPoint endPoint, Win32Pipes pipes, long leftNanos)
			throws Win32Exception {
		int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
		try {
			pipes.waitNamedPipe(endPoint.address(), millis);
		}
		catch (Win32Exception ex) {
			if (ex.getErrorCode() != Win32.ERROR_SEM_TIMEOUT && ex.getErrorCode() != Win32.ERROR_FILE_NOT_FOUND) {
				throw ex;
			}
		}
	}

}
