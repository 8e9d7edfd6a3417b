package dev.namedpipe.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

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
	private @Nullable String name;

	/**
	 * Number of concurrent accept loops (pending pipe instances on Windows; on Unix one loop
	 * accepts), 1 to 256; at most this number + 1 accepted connections wait for a handler.
	 * Defaults to the processor count, at most 16.
	 */
	private @Nullable Integer listenerQueueCount;

	/**
	 * Caps the bytes read ahead of the application per connection: the read-ahead buffer
	 * grows from 512 bytes, doubling each time the pipe fills it, to the smaller of this and
	 * 8 KiB (0 means 8 KiB). Bytes are read only when the application reads, so a faster peer
	 * is held back by the operating system's pipe buffer.
	 */
	private @Nullable DataSize maxReadBufferSize;

	/**
	 * Most bytes held unwritten per connection before the application's writes block; 0 means
	 * unlimited.
	 */
	private @Nullable DataSize maxWriteBufferSize;

	/**
	 * Whether only the user running the application may connect (owner-only ACL on Windows,
	 * peer uid check and socket mode rw------- on Unix).
	 */
	private @Nullable Boolean currentUserOnly;

	/**
	 * Windows security descriptor of the pipe, in SDDL, e.g. 'D:P(A;;GA;;;SY)(A;;GA;;;BA)'.
	 * Windows only; requires current-user-only=false.
	 */
	private @Nullable String securityDescriptor;

	/**
	 * Unix socket file mode, symbolic ('rw-rw----') or octal ('0660'). Unix only; requires
	 * current-user-only=false, which otherwise leaves 'rw-rw-rw-'.
	 */
	private @Nullable String unixSocketPermissions;

	/**
	 * Whether Windows refuses clients on other machines (PIPE_REJECT_REMOTE_CLIENTS). Unix
	 * sockets are always local.
	 */
	private @Nullable Boolean rejectRemoteClients;

	/**
	 * Input buffer size of each Windows pipe instance (CreateNamedPipeW's nInBufferSize,
	 * advisory; 0 lets Windows size it). Unix sockets ignore it. 64KB when unset.
	 */
	private @Nullable DataSize instanceInBufferSize;

	/**
	 * Output buffer size of each Windows pipe instance (CreateNamedPipeW's nOutBufferSize,
	 * advisory; 0 lets Windows size it). Unix sockets ignore it. 64KB when unset.
	 */
	private @Nullable DataSize instanceOutBufferSize;

	/**
	 * Send buffer (SO_SNDBUF) of each accepted Unix socket, as .NET sets a pipe's out buffer
	 * size on Unix: how many bytes may be in flight to a peer that has not read them yet.
	 * Linux doubles it and caps it at net.core.wmem_max. The kernel's default
	 * (net.core.wmem_default) when unset. Windows refuses it (see instance-out-buffer-size).
	 */
	private @Nullable DataSize unixSendBufferSize;

	/**
	 * Most connections open at once on the endpoint, raw or HTTP (Kestrel's
	 * MaxConcurrentConnections): a client beyond it is closed at once and counted as
	 * rejected with reason 'limit'. No limit when unset.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * How long a raw connection may go without a byte in either direction before it is
	 * aborted (error.type 'idle_timeout'). No idle timeout when unset. HTTP endpoints refuse
	 * it: Jetty's 'server.jetty.connection-idle-timeout' applies to them.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * How long open connections may take to finish on shutdown before they are aborted.
	 */
	private @Nullable Duration shutdownTimeout;

	/**
	 * Name of the NamedPipeConnectionHandler bean serving raw connections. Defaults to the
	 * single (or primary) NamedPipeConnectionHandler bean.
	 */
	private @Nullable String handler;

	AbstractNamedPipeEndpointProperties() {
	}

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable Integer getListenerQueueCount() {
		return this.listenerQueueCount;
	}

	public void setListenerQueueCount(@Nullable Integer listenerQueueCount) {
		this.listenerQueueCount = listenerQueueCount;
	}

	public @Nullable DataSize getMaxReadBufferSize() {
		return this.maxReadBufferSize;
	}

	public void setMaxReadBufferSize(@Nullable DataSize maxReadBufferSize) {
		this.maxReadBufferSize = maxReadBufferSize;
	}

	public @Nullable DataSize getMaxWriteBufferSize() {
		return this.maxWriteBufferSize;
	}

	public void setMaxWriteBufferSize(@Nullable DataSize maxWriteBufferSize) {
		this.maxWriteBufferSize = maxWriteBufferSize;
	}

	public @Nullable Boolean getCurrentUserOnly() {
		return this.currentUserOnly;
	}

	public void setCurrentUserOnly(@Nullable Boolean currentUserOnly) {
		this.currentUserOnly = currentUserOnly;
	}

	public @Nullable String getSecurityDescriptor() {
		return this.securityDescriptor;
	}

	public void setSecurityDescriptor(@Nullable String securityDescriptor) {
		this.securityDescriptor = securityDescriptor;
	}

	public @Nullable String getUnixSocketPermissions() {
		return this.unixSocketPermissions;
	}

	public void setUnixSocketPermissions(@Nullable String unixSocketPermissions) {
		this.unixSocketPermissions = unixSocketPermissions;
	}

	public @Nullable Boolean getRejectRemoteClients() {
		return this.rejectRemoteClients;
	}

	public void setRejectRemoteClients(@Nullable Boolean rejectRemoteClients) {
		this.rejectRemoteClients = rejectRemoteClients;
	}

	public @Nullable DataSize getInstanceInBufferSize() {
		return this.instanceInBufferSize;
	}

	public void setInstanceInBufferSize(@Nullable DataSize instanceInBufferSize) {
		this.instanceInBufferSize = instanceInBufferSize;
	}

	public @Nullable DataSize getInstanceOutBufferSize() {
		return this.instanceOutBufferSize;
	}

	public void setInstanceOutBufferSize(@Nullable DataSize instanceOutBufferSize) {
		this.instanceOutBufferSize = instanceOutBufferSize;
	}

	public @Nullable DataSize getUnixSendBufferSize() {
		return this.unixSendBufferSize;
	}

	public void setUnixSendBufferSize(@Nullable DataSize unixSendBufferSize) {
		this.unixSendBufferSize = unixSendBufferSize;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable String getHandler() {
		return this.handler;
	}

	public void setHandler(@Nullable String handler) {
		this.handler = handler;
	}

}
