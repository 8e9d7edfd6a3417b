package dev.namedpipe;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How a listener binds, secures and buffers its pipe, and whom a client expects as the
 * server. Immutable; build with {@link #builder()}. Defaults follow Kestrel's
 * {@code NamedPipeTransportOptions}.
 *
 * <p>Settings are named as in configuration (kebab-case) in validation errors.
 */
public final class NamedPipeTransportOptions {

	/** Default {@code max-read-buffer-size}: 1 MiB. */
	public static final long DEFAULT_MAX_READ_BUFFER_SIZE = 1024 * 1024;

	/** Default {@code max-write-buffer-size}: 64 KiB. */
	public static final long DEFAULT_MAX_WRITE_BUFFER_SIZE = 64 * 1024;

	/** The most accept loops a listener may run. */
	public static final int MAX_LISTENER_QUEUE_COUNT = 256;

	private static final Pattern SID = Pattern.compile("S-1-\\d+(-\\d+)+");

	private static final Set<PosixFilePermission> OWNER_ONLY = Collections
		.unmodifiableSet(PosixFilePermissions.fromString("rw-------"));

	private static final Set<PosixFilePermission> EVERYONE = Collections
		.unmodifiableSet(PosixFilePermissions.fromString("rw-rw-rw-"));

	private final int listenerQueueCount;

	private final long maxReadBufferSize;

	private final long maxWriteBufferSize;

	private final boolean currentUserOnly;

	private final @Nullable Set<PosixFilePermission> unixSocketPermissions;

	private final @Nullable String securityDescriptor;

	private final boolean rejectRemoteClients;

	private final @Nullable Integer maxConnections;

	private final @Nullable Duration idleTimeout;

	private final boolean verifyServerOwner;

	private final @Nullable String serverOwner;

	private final int instanceInBufferSize;

	private final int instanceOutBufferSize;

	private final NamedPipeInstanceCustomizer instanceCustomizer;

	private final int unixSendBufferSize;

	private NamedPipeTransportOptions(Builder builder) {
		this.listenerQueueCount = builder.listenerQueueCount;
		this.maxReadBufferSize = builder.maxReadBufferSize;
		this.maxWriteBufferSize = builder.maxWriteBufferSize;
		this.currentUserOnly = builder.currentUserOnly;
		this.unixSocketPermissions = builder.unixSocketPermissions;
		this.securityDescriptor = builder.securityDescriptor;
		this.rejectRemoteClients = builder.rejectRemoteClients;
		this.maxConnections = builder.maxConnections;
		this.idleTimeout = builder.idleTimeout;
		this.verifyServerOwner = builder.verifyServerOwner;
		this.serverOwner = builder.serverOwner;
		this.instanceInBufferSize = builder.instanceInBufferSize;
		this.instanceOutBufferSize = builder.instanceOutBufferSize;
		this.instanceCustomizer = builder.instanceCustomizer;
		this.unixSendBufferSize = builder.unixSendBufferSize;
	}

	/**
	 * A builder with the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The defaults.
	 * @return options with every default
	 */
	public static NamedPipeTransportOptions defaults() {
		return builder().build();
	}

	/**
	 * A builder holding these options, to change some of them.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.listenerQueueCount = this.listenerQueueCount;
		builder.maxReadBufferSize = this.maxReadBufferSize;
		builder.maxWriteBufferSize = this.maxWriteBufferSize;
		builder.currentUserOnly = this.currentUserOnly;
		builder.unixSocketPermissions = this.unixSocketPermissions;
		builder.securityDescriptor = this.securityDescriptor;
		builder.rejectRemoteClients = this.rejectRemoteClients;
		builder.maxConnections = this.maxConnections;
		builder.idleTimeout = this.idleTimeout;
		builder.verifyServerOwner = this.verifyServerOwner;
		builder.serverOwner = this.serverOwner;
		builder.instanceInBufferSize = this.instanceInBufferSize;
		builder.instanceOutBufferSize = this.instanceOutBufferSize;
		builder.instanceCustomizer = this.instanceCustomizer;
		builder.unixSendBufferSize = this.unixSendBufferSize;
		return builder;
	}

	/**
	 * The default listener queue count: the processor count, at most 16.
	 * @return the default
	 */
	public static int defaultListenerQueueCount() {
		return Math.min(Runtime.getRuntime().availableProcessors(), 16);
	}

	/**
	 * How many accept loops run at once, each with its own pending accept (on Windows, its
	 * own pending pipe instance); on Unix one loop accepts (the JDK takes one accept at a time on
	 * a socket). At most this count + 1 accepted connections wait for the application.
	 * @return the queue count
	 */
	public int listenerQueueCount() {
		return this.listenerQueueCount;
	}

	/**
	 * The cap on the bytes read ahead of the application per connection: the read-ahead
	 * buffer grows from 512 bytes, doubling each time the pipe fills it, to the smaller of this
	 * and 8 KiB (0 means 8 KiB). The transport reads only
	 * when the application does, so a faster peer is held back by the operating system.
	 * @return the limit in bytes
	 */
	public long maxReadBufferSize() {
		return this.maxReadBufferSize;
	}

	/**
	 * The most bytes the transport holds unwritten per connection before the application's
	 * write blocks until the pipe takes them; 0 means unlimited.
	 * @return the limit in bytes
	 */
	public long maxWriteBufferSize() {
		return this.maxWriteBufferSize;
	}

	/**
	 * Whether only the user running this process may connect.
	 * @return {@code true} by default
	 */
	public boolean currentUserOnly() {
		return this.currentUserOnly;
	}

	/**
	 * The Unix socket file mode: {@code rw-------} when current-user-only, else the
	 * configured permissions ({@code rw-rw-rw-} when none were given).
	 * @return the permissions
	 */
	public Set<PosixFilePermission> unixSocketPermissions() {
		if (this.currentUserOnly) {
			return OWNER_ONLY;
		}
		return (this.unixSocketPermissions != null) ? this.unixSocketPermissions : EVERYONE;
	}

	/**
	 * The Windows security descriptor in SDDL, or {@code null} for the default (owner-only when
	 * current-user-only).
	 * @return the SDDL or {@code null}
	 */
	public @Nullable String securityDescriptor() {
		return this.securityDescriptor;
	}

	/**
	 * Whether Windows refuses clients on other machines (PIPE_REJECT_REMOTE_CLIENTS). Unix
	 * sockets are always local.
	 * @return {@code true} by default
	 */
	public boolean rejectRemoteClients() {
		return this.rejectRemoteClients;
	}

	/**
	 * The most connections open at once on the listener (Kestrel's
	 * {@code MaxConcurrentConnections}, counted per endpoint as Kestrel does): a client beyond
	 * it is closed at once and reported as rejected ({@link RejectionReason#LIMIT}); clients
	 * are accepted again as soon as one closes.
	 * @return the limit, or {@code null} for no limit (the default)
	 */
	public @Nullable Integer maxConnections() {
		return this.maxConnections;
	}

	/**
	 * How long a connection may go without a byte read from or written to its pipe before it
	 * is aborted ({@link ConnectionErrorType#IDLE_TIMEOUT}); a read blocked on it then throws
	 * {@link ConnectionAbortedException}. Applies to raw connections: a server that drives the
	 * pipe itself (the Jetty connector) has its own idle timeout and refuses this one.
	 * @return the timeout, or {@code null} for none (the default)
	 */
	public @Nullable Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Whether a client checks, before it sends a byte, that the server runs as the expected
	 * owner ({@link #serverOwner()}), as .NET's {@code PipeOptions.CurrentUserOnly} does on
	 * {@code NamedPipeClientStream}; a server of anyone else is refused with
	 * {@link NamedPipeServerOwnerException}. Listeners ignore it.
	 * @return {@code true} by default
	 */
	public boolean verifyServerOwner() {
		return this.verifyServerOwner;
	}

	/**
	 * The owner a client expects of the server when it verifies it: on Unix a user name or
	 * numeric uid (the user of the server socket's peer credentials), on Windows a SID in
	 * string form (the owner of the pipe, e.g. {@code S-1-5-18} for LocalSystem).
	 * @return the owner, or {@code null} for the current user (the default): on Unix this
	 * process's user, on Windows this process's token owner
	 */
	public @Nullable String serverOwner() {
		return this.serverOwner;
	}

	/**
	 * The input buffer size of each Windows pipe instance (advisory, as for
	 * {@code CreateNamedPipeW}); Unix sockets ignore it.
	 * @return the bytes, {@value NamedPipeInstanceSettings#DEFAULT_BUFFER_SIZE} by default
	 */
	public int instanceInBufferSize() {
		return this.instanceInBufferSize;
	}

	/**
	 * The output buffer size of each Windows pipe instance; Unix sockets ignore it.
	 * @return the bytes, {@value NamedPipeInstanceSettings#DEFAULT_BUFFER_SIZE} by default
	 */
	public int instanceOutBufferSize() {
		return this.instanceOutBufferSize;
	}

	/**
	 * The send buffer ({@code SO_SNDBUF}) of each accepted Unix socket, as .NET sets a pipe's
	 * out buffer size on Unix: how many bytes the server may have in flight to a peer that has
	 * not read them yet. Linux doubles the value and caps it at {@code net.core.wmem_max}.
	 * @return the bytes, {@code 0} (the kernel's default, {@code net.core.wmem_default}) by
	 * default
	 */
	public int unixSendBufferSize() {
		return this.unixSendBufferSize;
	}

	/**
	 * What changes each Windows pipe instance before it is created.
	 * @return the customizer, {@link NamedPipeInstanceCustomizer#NONE} by default
	 */
	public NamedPipeInstanceCustomizer instanceCustomizer() {
		return this.instanceCustomizer;
	}

	/**
	 * The settings a Windows pipe instance starts from, before the customizer: the buffer sizes
	 * and {@link #rejectRemoteClients()} of these options, no write-through.
	 * @return the settings
	 */
	public NamedPipeInstanceSettings instanceSettings() {
		return new NamedPipeInstanceSettings(this.instanceInBufferSize, this.instanceOutBufferSize, false,
				this.rejectRemoteClients);
	}

	/**
	 * Checks that the options can work on a platform.
	 * @param platform the platform a listener binds on
	 * @throws InvalidNamedPipeSettingException naming the setting that does not apply there
	 */
	public void validateFor(NamedPipePlatform platform) {
		if (!platform.isWindows() && this.securityDescriptor != null) {
			throw new InvalidNamedPipeSettingException("security-descriptor", this.securityDescriptor,
					"a security descriptor (SDDL) applies to Windows pipes only, and this is "
							+ platform.displayName(),
					"Remove it, or use unix-socket-permissions on Unix");
		}
		if (platform.isWindows() && this.unixSocketPermissions != null) {
			throw new InvalidNamedPipeSettingException("unix-socket-permissions",
					PosixFilePermissions.toString(this.unixSocketPermissions),
					"Unix socket permissions apply to Unix sockets only, and this is Windows",
					"Remove it, or use security-descriptor on Windows");
		}
		if (platform.isWindows() && this.unixSendBufferSize != 0) {
			throw new InvalidNamedPipeSettingException("unix-send-buffer-size", this.unixSendBufferSize,
					"a socket send buffer applies to Unix sockets only, and this is Windows",
					"Remove it, or use instance-out-buffer-size on Windows");
		}
		if (platform.isWindows() && this.serverOwner != null && !SID.matcher(this.serverOwner).matches()) {
			throw new InvalidNamedPipeSettingException("server-owner", this.serverOwner,
					"on Windows the owner of a pipe is a security identifier in string form",
					"Give a SID such as S-1-5-18 (LocalSystem) or S-1-5-21-...-1001");
		}
	}

	@Override
	public String toString() {
		return "NamedPipeTransportOptions[listenerQueueCount=" + this.listenerQueueCount + ", maxReadBufferSize="
				+ this.maxReadBufferSize + ", maxWriteBufferSize=" + this.maxWriteBufferSize + ", currentUserOnly="
				+ this.currentUserOnly + ", unixSocketPermissions="
				+ PosixFilePermissions.toString(unixSocketPermissions()) + ", securityDescriptor="
				+ this.securityDescriptor + ", rejectRemoteClients=" + this.rejectRemoteClients + ", maxConnections="
				+ this.maxConnections + ", idleTimeout=" + this.idleTimeout + ", verifyServerOwner="
				+ this.verifyServerOwner + ", serverOwner=" + this.serverOwner + ", instanceInBufferSize="
				+ this.instanceInBufferSize + ", instanceOutBufferSize=" + this.instanceOutBufferSize
				+ ", unixSendBufferSize=" + this.unixSendBufferSize + "]";
	}

	/**
	 * Builds {@link NamedPipeTransportOptions}; every setter validates its argument.
	 */
	public static final class Builder {

		private int listenerQueueCount = defaultListenerQueueCount();

		private long maxReadBufferSize = DEFAULT_MAX_READ_BUFFER_SIZE;

		private long maxWriteBufferSize = DEFAULT_MAX_WRITE_BUFFER_SIZE;

		private boolean currentUserOnly = true;

		private @Nullable Set<PosixFilePermission> unixSocketPermissions;

		private @Nullable String securityDescriptor;

		private boolean rejectRemoteClients = true;

		private @Nullable Integer maxConnections;

		private @Nullable Duration idleTimeout;

		private boolean verifyServerOwner = true;

		private @Nullable String serverOwner;

		private int instanceInBufferSize = NamedPipeInstanceSettings.DEFAULT_BUFFER_SIZE;

		private int instanceOutBufferSize = NamedPipeInstanceSettings.DEFAULT_BUFFER_SIZE;

		private NamedPipeInstanceCustomizer instanceCustomizer = NamedPipeInstanceCustomizer.NONE;

		private int unixSendBufferSize;

		private Builder() {
		}

		/**
		 * Sets the number of accept loops.
		 * @param count 1 to {@value NamedPipeTransportOptions#MAX_LISTENER_QUEUE_COUNT}
		 * @return this builder
		 */
		public Builder listenerQueueCount(int count) {
			if (count < 1 || count > MAX_LISTENER_QUEUE_COUNT) {
				throw new InvalidNamedPipeSettingException("listener-queue-count", count,
						"it must be between 1 and " + MAX_LISTENER_QUEUE_COUNT,
						"Leave it unset for min(processors, 16)");
			}
			this.listenerQueueCount = count;
			return this;
		}

		/**
		 * Sets the read-ahead cap (effective up to 8 KiB).
		 * @param bytes the cap, 0 for 8 KiB
		 * @return this builder
		 */
		public Builder maxReadBufferSize(long bytes) {
			this.maxReadBufferSize = requireBufferSize("max-read-buffer-size", bytes);
			return this;
		}

		/**
		 * Sets the write-buffer limit.
		 * @param bytes the limit, 0 for unlimited
		 * @return this builder
		 */
		public Builder maxWriteBufferSize(long bytes) {
			this.maxWriteBufferSize = requireBufferSize("max-write-buffer-size", bytes);
			return this;
		}

		private static long requireBufferSize(String setting, long bytes) {
			if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
				throw new InvalidNamedPipeSettingException(setting, bytes,
						"it must be between 0 (unlimited) and " + (Integer.MAX_VALUE - 8) + " bytes",
						"Use a size such as 64KB or 1MB");
			}
			return bytes;
		}

		/**
		 * Sets whether only the current user may connect.
		 * @param currentUserOnly {@code true} by default
		 * @return this builder
		 */
		public Builder currentUserOnly(boolean currentUserOnly) {
			this.currentUserOnly = currentUserOnly;
			return this;
		}

		/**
		 * Sets the Unix socket file mode, used when not current-user-only.
		 * @param permissions the permissions, e.g. {@code rw-rw----}
		 * @return this builder
		 */
		public Builder unixSocketPermissions(@Nullable Set<PosixFilePermission> permissions) {
			this.unixSocketPermissions = (permissions != null)
					? Collections.unmodifiableSet(permissions.isEmpty()
							? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(permissions))
					: null;
			return this;
		}

		/**
		 * Sets the Unix socket file mode from text: symbolic ({@code rw-rw----}) or octal
		 * ({@code 660} or {@code 0660}).
		 * @param permissions the text, or {@code null} for none
		 * @return this builder
		 */
		public Builder unixSocketPermissions(@Nullable String permissions) {
			return unixSocketPermissions((permissions != null) ? parsePermissions(permissions) : null);
		}

		/**
		 * Sets the Windows security descriptor, in SDDL.
		 * @param sddl the descriptor, or {@code null} for the default
		 * @return this builder
		 */
		public Builder securityDescriptor(@Nullable String sddl) {
			if (sddl != null && sddl.isBlank()) {
				throw new InvalidNamedPipeSettingException("security-descriptor", sddl,
						"an SDDL string must not be blank", "Remove it, or give a descriptor such as D:P(A;;GA;;;SY)");
			}
			this.securityDescriptor = sddl;
			return this;
		}

		/**
		 * Sets whether Windows refuses remote clients.
		 * @param reject {@code true} by default
		 * @return this builder
		 */
		public Builder rejectRemoteClients(boolean reject) {
			this.rejectRemoteClients = reject;
			return this;
		}

		/**
		 * Sets the most connections open at once.
		 * @param max at least 1, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder maxConnections(@Nullable Integer max) {
			if (max != null && max < 1) {
				throw new InvalidNamedPipeSettingException("max-connections", max, "it must be at least 1",
						"Leave it unset for no limit");
			}
			this.maxConnections = max;
			return this;
		}

		/**
		 * Sets how long a connection may be idle before it is aborted.
		 * @param timeout a positive duration, or {@code null} for none
		 * @return this builder
		 */
		public Builder idleTimeout(@Nullable Duration timeout) {
			if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
				throw new InvalidNamedPipeSettingException("idle-timeout", timeout, "it must be longer than zero",
						"Leave it unset for no idle timeout, or use e.g. 5m");
			}
			this.idleTimeout = timeout;
			return this;
		}

		/**
		 * Sets whether a client verifies the server's owner.
		 * @param verify {@code true} by default
		 * @return this builder
		 */
		public Builder verifyServerOwner(boolean verify) {
			this.verifyServerOwner = verify;
			return this;
		}

		/**
		 * Sets the owner a client expects of the server.
		 * @param owner a Unix user name or uid, or a Windows SID; {@code null} for the current
		 * user
		 * @return this builder
		 */
		public Builder serverOwner(@Nullable String owner) {
			if (owner != null && owner.isBlank()) {
				throw new InvalidNamedPipeSettingException("server-owner", owner, "an owner must not be blank",
						"Remove it to expect the current user, or give a user name, uid or SID");
			}
			this.serverOwner = owner;
			return this;
		}

		/**
		 * Sets the input buffer size of each Windows pipe instance.
		 * @param bytes 0 to {@link Integer#MAX_VALUE}
		 * @return this builder
		 */
		public Builder instanceInBufferSize(long bytes) {
			NamedPipeInstanceSettings.checkSize("instance-in-buffer-size", bytes);
			this.instanceInBufferSize = (int) bytes;
			return this;
		}

		/**
		 * Sets the output buffer size of each Windows pipe instance.
		 * @param bytes 0 to {@link Integer#MAX_VALUE}
		 * @return this builder
		 */
		public Builder instanceOutBufferSize(long bytes) {
			NamedPipeInstanceSettings.checkSize("instance-out-buffer-size", bytes);
			this.instanceOutBufferSize = (int) bytes;
			return this;
		}

		/**
		 * Sets the send buffer of each accepted Unix socket.
		 * @param bytes 0 (the kernel's default) to {@link Integer#MAX_VALUE}
		 * @return this builder
		 * @see NamedPipeTransportOptions#unixSendBufferSize()
		 */
		public Builder unixSendBufferSize(long bytes) {
			NamedPipeInstanceSettings.checkSize("unix-send-buffer-size", bytes);
			this.unixSendBufferSize = (int) bytes;
			return this;
		}

		/**
		 * Sets what changes each Windows pipe instance before it is created.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder instanceCustomizer(NamedPipeInstanceCustomizer customizer) {
			this.instanceCustomizer = Objects.requireNonNull(customizer, "customizer");
			return this;
		}

		/**
		 * Builds the options, checking settings against each other.
		 * @return the options
		 * @throws InvalidNamedPipeSettingException when two settings contradict each other
		 */
		public NamedPipeTransportOptions build() {
			if (this.currentUserOnly && this.securityDescriptor != null) {
				throw new InvalidNamedPipeSettingException("security-descriptor", this.securityDescriptor,
						"a security descriptor cannot be combined with current-user-only=true (as in .NET)",
						"Set current-user-only to false to use your own descriptor, or remove the descriptor");
			}
			if (this.currentUserOnly && this.unixSocketPermissions != null) {
				throw new InvalidNamedPipeSettingException("unix-socket-permissions",
						PosixFilePermissions.toString(this.unixSocketPermissions),
						"socket permissions cannot be combined with current-user-only=true, which forces rw-------",
						"Set current-user-only to false to use your own permissions, or remove them");
			}
			if (this.unixSocketPermissions != null
					&& !this.unixSocketPermissions.contains(PosixFilePermission.OWNER_WRITE)) {
				throw new InvalidNamedPipeSettingException("unix-socket-permissions",
						PosixFilePermissions.toString(this.unixSocketPermissions),
						"without owner write permission not even this user could connect",
						"Include at least rw------- (0600)");
			}
			if (!this.verifyServerOwner && this.serverOwner != null) {
				throw new InvalidNamedPipeSettingException("server-owner", this.serverOwner,
						"an expected server owner cannot be combined with verify-server-owner=false",
						"Set verify-server-owner to true to check the owner, or remove the owner");
			}
			return new NamedPipeTransportOptions(this);
		}

		static Set<PosixFilePermission> parsePermissions(String text) {
			String value = text.trim();
			try {
				if (value.matches("0?[0-7]{3}")) {
					int mode = Integer.parseInt(value, 8);
					StringBuilder symbolic = new StringBuilder(9);
					String letters = "rwxrwxrwx";
					for (int bit = 8; bit >= 0; bit--) {
						symbolic.append(((mode >> bit) & 1) != 0 ? letters.charAt(8 - bit) : '-');
					}
					return PosixFilePermissions.fromString(symbolic.toString());
				}
				return PosixFilePermissions.fromString(value);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidNamedPipeSettingException("unix-socket-permissions", text,
						"it is neither symbolic (rw-rw----) nor octal (0660)", "Write it as rw-rw---- or 0660");
			}
		}

	}

}
