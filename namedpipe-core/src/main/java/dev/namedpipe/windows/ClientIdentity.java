package dev.namedpipe.windows;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads who a connected client is: {@code ImpersonateNamedPipeClient}, the SID of the thread
 * token's user and, when asked, whether that token has a given SID, {@code RevertToSelf}. Windows
 * may refuse to impersonate before anything was read from the pipe
 * (ERROR_CANNOT_IMPERSONATE), or the client may have allowed identification only; then the
 * client is unknown, and the pipe's DACL alone decided who could connect.
 */
final class ClientIdentity {

	private static final Logger logger = LoggerFactory.getLogger(ClientIdentity.class);

	private ClientIdentity() {
	}

	/**
	 * The client, read while impersonating it; the calling thread always stops
	 * impersonating before this returns.
	 * @param pipes the facade
	 * @param pipe the connected server instance
	 * @param sid the SID the client's token is checked for, or {@code null} for none
	 * @return the client, or {@code null} when Windows did not tell
	 * @throws IllegalStateException when {@code RevertToSelf} fails: the thread still has
	 * the client's identity and must not do anything else
	 */
	static Client of(Win32Pipes pipes, long pipe, String sid) {
		try {
			pipes.impersonateNamedPipeClient(pipe);
		}
		catch (Win32Exception ex) {
			logger.debug("The client of named pipe instance {} cannot be impersonated", pipe, ex);
			return null;
		}
		try {
			String user = pipes.threadUserSid();
			return new Client(user, sid == null || has(pipes, user, sid));
		}
		catch (Win32Exception ex) {
			logger.debug("The token of the client of named pipe instance {} cannot be read", pipe, ex);
			return null;
		}
		finally {
			Impersonation.revert(pipes, null);
		}
	}

	// An allow entry applies to a token whose user is its SID or that has it as an enabled
	// group. CheckTokenMembership tests both on Windows but only the groups under Wine 8, so
	// the user is compared here first (which also spares the call when the SID is the user).
	private static boolean has(Win32Pipes pipes, String user, String sid) throws Win32Exception {
		return user.equals(sid) || pipes.isThreadTokenMember(sid);
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

	/**
	 * A client as its token tells.
	 *
	 * @param userSid the SID of the account the client runs as
	 * @param hasSid whether its token has the SID asked for as user or enabled group
	 * ({@code true} when none was asked for)
	 */
	record Client(String userSid, boolean hasSid) {

	}

}
