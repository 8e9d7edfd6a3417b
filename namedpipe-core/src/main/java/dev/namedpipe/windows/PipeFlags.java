package dev.namedpipe.windows;

/**
 * The flags pipes are created and opened with.
 */
final class PipeFlags {

	private PipeFlags() {
	}

	/**
	 * The open mode of a server instance: duplex, overlapped, and the first instance of a
	 * listener claims the name so that it fails if another server holds it.
	 * @param firstInstance whether this is the listener's first instance
	 * @param writeThrough whether writes to remote clients are written through
	 * @return the open mode
	 */
	static int serverOpenMode(boolean firstInstance, boolean writeThrough) {
		int mode = Win32.PIPE_ACCESS_DUPLEX | Win32.FILE_FLAG_OVERLAPPED;
		if (writeThrough) {
			mode |= Win32.FILE_FLAG_WRITE_THROUGH;
		}
		return firstInstance ? mode | Win32.FILE_FLAG_FIRST_PIPE_INSTANCE : mode;
	}

	/**
	 * The pipe mode of a server instance: a byte stream, refusing clients on other machines
	 * unless allowed.
	 * @param rejectRemoteClients whether remote clients are refused
	 * @return the pipe mode
	 */
	static int serverPipeMode(boolean rejectRemoteClients) {
		int mode = Win32.PIPE_TYPE_BYTE | Win32.PIPE_READMODE_BYTE | Win32.PIPE_WAIT;
		return rejectRemoteClients ? mode | Win32.PIPE_REJECT_REMOTE_CLIENTS : mode;
	}

	/**
	 * The access a client asks for: read and write.
	 * @return the desired access
	 */
	static int clientAccess() {
		return Win32.GENERIC_READ | Win32.GENERIC_WRITE;
	}

	/**
	 * The flags a client opens with: overlapped, and a server may only identify the client,
	 * never impersonate it (so a server squatting the name gains nothing).
	 * @return the flags and attributes
	 */
	static int clientFlags() {
		return Win32.FILE_FLAG_OVERLAPPED | Win32.SECURITY_SQOS_PRESENT | Win32.SECURITY_IDENTIFICATION;
	}

}
