package dev.namedpipe.boot.autoconfigure.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeTransportOptions;

/**
 * How a pipe client's connections reach their server, as the HTTP clients
 * ({@code namedpipe.client.<id>}) and the gRPC channels
 * ({@code namedpipe.grpc.client.channels.<name>}) configure them: how long a connection waits,
 * and whose the server must be.
 */
public abstract class NamedPipeClientConnectionProperties {

	/**
	 * How long a new connection waits for the pipe to appear or, on Windows, for a free
	 * instance.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Whether each connection checks, before a byte is sent, that the server runs as
	 * server-owner (by default the current user), as .NET's CurrentUserOnly does.
	 */
	private boolean verifyServerOwner = true;

	/**
	 * The user the server must run as: a Unix user name or uid, a Windows SID (S-1-5-18 for
	 * LocalSystem); unset for the current user.
	 */
	private @Nullable String serverOwner;

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public boolean isVerifyServerOwner() {
		return this.verifyServerOwner;
	}

	public void setVerifyServerOwner(boolean verifyServerOwner) {
		this.verifyServerOwner = verifyServerOwner;
	}

	public @Nullable String getServerOwner() {
		return this.serverOwner;
	}

	public void setServerOwner(@Nullable String serverOwner) {
		this.serverOwner = serverOwner;
	}

	/**
	 * The connections' transport options: the server-owner check.
	 * @return the options
	 * @throws dev.namedpipe.InvalidNamedPipeSettingException (setting {@code server-owner})
	 * when the owner is blank, or given with the check off
	 */
	public NamedPipeTransportOptions transportOptions() {
		return NamedPipeTransportOptions.builder()
			.verifyServerOwner(this.verifyServerOwner)
			.serverOwner(this.serverOwner)
			.build();
	}

}
