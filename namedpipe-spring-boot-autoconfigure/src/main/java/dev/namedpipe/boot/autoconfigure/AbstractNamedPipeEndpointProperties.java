package dev.namedpipe.boot.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * The settings the top level and every endpoint under {@code namedpipe.endpoints} share.
 * Every setting an endpoint leaves unset inherits the top-level value, then the transport's
 * default; only {@link #getName() name} is never inherited.
 */
public abstract class AbstractNamedPipeEndpointProperties {

	/**
	 * Pipe name: '\\.\pipe\<name>' on Windows, '${TMPDIR:-/tmp}/CoreFxPipe_<name>' elsewhere
	 * (an absolute path is used as the Unix socket path as it is). Nothing listens while no
	 * name is set.
	 */
	private String name;

	/**
	 * Number of concurrent accept loops, 1 to 256. Defaults to the processor count, at most
	 * 16.
	 */
	private Integer listenerQueueCount;

	/**
	 * Most bytes read ahead of the application per connection; 0 means unlimited.
	 */
	private DataSize maxReadBufferSize;

	/**
	 * Most bytes held unwritten per connection before the application's writes block; 0 means
	 * unlimited.
	 */
	private DataSize maxWriteBufferSize;

	/**
	 * Whether only the user running the application may connect (owner-only ACL on Windows,
	 * peer uid check and socket mode rw------- on Unix).
	 */
	private Boolean currentUserOnly;

	/**
	 * Windows security descriptor of the pipe, in SDDL, e.g. 'D:P(A;;GA;;;SY)(A;;GA;;;BA)'.
	 * Windows only; requires current-user-only=false.
	 */
	private String securityDescriptor;

	/**
	 * Unix socket file mode, symbolic ('rw-rw----') or octal ('0660'). Unix only; requires
	 * current-user-only=false, which otherwise leaves 'rw-rw-rw-'.
	 */
	private String unixSocketPermissions;

	/**
	 * Whether Windows refuses clients on other machines (PIPE_REJECT_REMOTE_CLIENTS). Unix
	 * sockets are always local.
	 */
	private Boolean rejectRemoteClients;

	/**
	 * How long open connections may take to finish on shutdown before they are aborted.
	 */
	private Duration shutdownTimeout;

	/**
	 * Name of the NamedPipeConnectionHandler bean serving raw connections. Defaults to the
	 * single (or primary) NamedPipeConnectionHandler bean.
	 */
	private String handler;

	AbstractNamedPipeEndpointProperties() {
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public Integer getListenerQueueCount() {
		return this.listenerQueueCount;
	}

	public void setListenerQueueCount(Integer listenerQueueCount) {
		this.listenerQueueCount = listenerQueueCount;
	}

	public DataSize getMaxReadBufferSize() {
		return this.maxReadBufferSize;
	}

	public void setMaxReadBufferSize(DataSize maxReadBufferSize) {
		this.maxReadBufferSize = maxReadBufferSize;
	}

	public DataSize getMaxWriteBufferSize() {
		return this.maxWriteBufferSize;
	}

	public void setMaxWriteBufferSize(DataSize maxWriteBufferSize) {
		this.maxWriteBufferSize = maxWriteBufferSize;
	}

	public Boolean getCurrentUserOnly() {
		return this.currentUserOnly;
	}

	public void setCurrentUserOnly(Boolean currentUserOnly) {
		this.currentUserOnly = currentUserOnly;
	}

	public String getSecurityDescriptor() {
		return this.securityDescriptor;
	}

	public void setSecurityDescriptor(String securityDescriptor) {
		this.securityDescriptor = securityDescriptor;
	}

	public String getUnixSocketPermissions() {
		return this.unixSocketPermissions;
	}

	public void setUnixSocketPermissions(String unixSocketPermissions) {
		this.unixSocketPermissions = unixSocketPermissions;
	}

	public Boolean getRejectRemoteClients() {
		return this.rejectRemoteClients;
	}

	public void setRejectRemoteClients(Boolean rejectRemoteClients) {
		this.rejectRemoteClients = rejectRemoteClients;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public String getHandler() {
		return this.handler;
	}

	public void setHandler(String handler) {
		this.handler = handler;
	}

}
