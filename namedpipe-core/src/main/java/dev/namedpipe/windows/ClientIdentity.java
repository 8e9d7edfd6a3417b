package dev.namedpipe.windows;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.windows.Win32Pipes.Account;

/**
 * Reads who a connected client is: {@code ImpersonateNamedPipeClient}, the thread token's
 * user, {@code RevertToSelf}. Windows may refuse to impersonate before anything was read
 * from the pipe (ERROR_CANNOT_IMPERSONATE), or the client may have allowed identification
 * only; then the user is unknown, and the pipe's DACL alone decided who could connect.
 */
final class ClientIdentity {

	private static final Logger logger = LoggerFactory.getLogger(ClientIdentity.class);

	private ClientIdentity() {
	}

	/**
	 * The client's account, read while impersonating it; the calling thread always stops
	 * impersonating before this returns.
	 * @param pipes the facade
	 * @param pipe the connected server instance
	 * @return the account, or {@code null} when Windows did not tell
	 * @throws IllegalStateException when {@code RevertToSelf} fails: the thread still has
	 * the client's identity and must not do anything else
	 */
	static Account userOf(Win32Pipes pipes, long pipe) {
		try {
			pipes.impersonateNamedPipeClient(pipe);
		}
		catch (Win32Exception ex) {
			logger.debug("The client of named pipe instance {} cannot be impersonated", pipe, ex);
			return null;
		}
		try {
			return pipes.threadUser();
		}
		catch (Win32Exception ex) {
			logger.debug("The token of the client of named pipe instance {} cannot be read", pipe, ex);
			return null;
		}
		finally {
			revert(pipes);
		}
	}

	private static void revert(Win32Pipes pipes) {
		try {
			pipes.revertToSelf();
		}
		catch (Win32Exception ex) {
			throw new IllegalStateException("RevertToSelf failed: thread " + Thread.currentThread().getName()
					+ " still impersonates a named-pipe client", ex);
		}
	}

	/**
	 * The client's process id.
	 * @param pipes the facade
	 * @param pipe the connected server instance
	 * @return the pid, or -1 when Windows did not tell
	 */
	static long processIdOf(Win32Pipes pipes, long pipe) {
		try {
			return pipes.clientProcessId(pipe);
		}
		catch (Win32Exception ex) {
			logger.debug("The process of the client of named pipe instance {} is unknown", pipe, ex);
			return -1;
		}
	}

}
