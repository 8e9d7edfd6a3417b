package dev.namedpipe.windows;

/**
 * The Win32 facade and the completion port all pipes of this process share. The port and
 * its thread exist while a server or connection uses them: each user acquires the port and
 * releases it when done, and the last release stops the thread and closes the port.
 */
final class PipeRuntime {

	private static PipeRuntime windows;

	private final Win32Pipes pipes;

	private CompletionPort port;

	private int users;

	PipeRuntime(Win32Pipes pipes) {
		this.pipes = pipes;
	}

	/**
	 * The runtime over the real Win32 API; loads JNA on first use.
	 * @return the shared runtime
	 * @throws IllegalStateException when JNA is not on the class path
	 */
	static synchronized PipeRuntime windows() {
		if (windows == null) {
			windows = new PipeRuntime(loadJna());
		}
		return windows;
	}

	private static Win32Pipes loadJna() {
		try {
			return new JnaWin32Pipes();
		}
		catch (LinkageError ex) {
			throw new IllegalStateException("Named pipes on Windows need JNA: add net.java.dev.jna:jna and "
					+ "net.java.dev.jna:jna-platform (5.x) to the class path (namedpipe-spring-boot-starter brings them)",
					ex);
		}
	}

	Win32Pipes pipes() {
		return this.pipes;
	}

	/**
	 * The shared port, opened if no one uses it yet. Pair with {@link #releasePort()}.
	 * @return the port
	 * @throws Win32Exception when the port cannot be created
	 */
	synchronized CompletionPort acquirePort() throws Win32Exception {
		if (this.port == null) {
			this.port = CompletionPort.open(this.pipes);
		}
		this.users++;
		return this.port;
	}

	/**
	 * Gives up one use of the port; the last closes it.
	 */
	synchronized void releasePort() {
		if (this.users == 0) {
			throw new IllegalStateException("The completion port is not in use");
		}
		if (--this.users == 0) {
			this.port.close();
			this.port = null;
		}
	}

}
