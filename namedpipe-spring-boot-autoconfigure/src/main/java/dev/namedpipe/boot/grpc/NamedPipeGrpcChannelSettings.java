package dev.namedpipe.boot.grpc;

import java.time.Duration;
import java.util.Objects;

import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * The pipe client's settings of one {@link NamedPipeGrpcChannelFactory} channel.
 *
 * @param options the options of its connections (the server-owner check)
 * @param connectTimeout how long a new connection waits for the server
 */
public record NamedPipeGrpcChannelSettings(NamedPipeTransportOptions options, Duration connectTimeout) {

	/** The defaults: the server must run as the current user; connections wait 5 seconds. */
	public static final NamedPipeGrpcChannelSettings DEFAULTS = new NamedPipeGrpcChannelSettings(
			NamedPipeTransportOptions.defaults(), NamedPipeGrpcChannels.DEFAULT_CONNECT_TIMEOUT);

	/**
	 * Creates settings.
	 * @param options the options of its connections
	 * @param connectTimeout how long a new connection waits for the server
	 */
	public NamedPipeGrpcChannelSettings {
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
	}

}
