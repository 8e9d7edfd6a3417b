package dev.namedpipe;

/**
 * How one Windows pipe instance is created ({@code CreateNamedPipeW}): what a
 * {@link NamedPipeInstanceCustomizer} may change. The rest is the transport's and fixed:
 * duplex, overlapped, byte mode, unlimited instances, first-instance protection on a
 * listener's first instance, and the security descriptor of
 * {@link NamedPipeTransportOptions#securityDescriptor()} (or current-user-only's).
 *
 * @param inBufferSize the bytes the system reserves for the instance's input buffer (advisory,
 * as for {@code CreateNamedPipeW}; 0 lets the system size it)
 * @param outBufferSize the same for the output buffer
 * @param writeThrough whether writes to a remote client complete only once the bytes crossed
 * the network ({@code FILE_FLAG_WRITE_THROUGH}; no effect on local clients)
 * @param rejectRemoteClients whether clients on other machines are refused
 * ({@code PIPE_REJECT_REMOTE_CLIENTS})
 */
public record NamedPipeInstanceSettings(int inBufferSize, int outBufferSize, boolean writeThrough,
		boolean rejectRemoteClients) {

	/** The default size of each buffer: 64 KiB, as go-winio's and .NET's server streams. */
	public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

	/**
	 * Checks the sizes.
	 * @throws InvalidNamedPipeSettingException when a size is negative
	 */
	public NamedPipeInstanceSettings {
		checkSize("instance-in-buffer-size", inBufferSize);
		checkSize("instance-out-buffer-size", outBufferSize);
	}

	/**
	 * These settings with another input buffer size.
	 * @param bytes 0 or more
	 * @return the settings
	 */
	public NamedPipeInstanceSettings withInBufferSize(int bytes) {
		return new NamedPipeInstanceSettings(bytes, this.outBufferSize, this.writeThrough, this.rejectRemoteClients);
	}

	/**
	 * These settings with another output buffer size.
	 * @param bytes 0 or more
	 * @return the settings
	 */
	public NamedPipeInstanceSettings withOutBufferSize(int bytes) {
		return new NamedPipeInstanceSettings(this.inBufferSize, bytes, this.writeThrough, this.rejectRemoteClients);
	}

	/**
	 * These settings with write-through on or off.
	 * @param writeThrough whether writes to remote clients are written through
	 * @return the settings
	 */
	public NamedPipeInstanceSettings withWriteThrough(boolean writeThrough) {
		return new NamedPipeInstanceSettings(this.inBufferSize, this.outBufferSize, writeThrough,
				this.rejectRemoteClients);
	}

	/**
	 * These settings with remote clients refused or not.
	 * @param rejectRemoteClients whether clients on other machines are refused
	 * @return the settings
	 */
	public NamedPipeInstanceSettings withRejectRemoteClients(boolean rejectRemoteClients) {
		return new NamedPipeInstanceSettings(this.inBufferSize, this.outBufferSize, this.writeThrough,
				rejectRemoteClients);
	}

	static void checkSize(String setting, long bytes) {
		if (bytes < 0 || bytes > Integer.MAX_VALUE) {
			throw new InvalidNamedPipeSettingException(setting, bytes, "a pipe buffer size is 0 to 2147483647 bytes",
					"Use e.g. 64KB, or 0 to let the OS size it");
		}
	}

}
