package dev.namedpipe.grpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

import io.grpc.okhttp.OkHttpChannelBuilder;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * grpc-java channels over a named pipe: an {@link OkHttpChannelBuilder} (HTTP/2 in cleartext)
 * whose connections are pipe client connections, on Windows and Unix alike. Each connection
 * waits up to the connect timeout for the server and checks the server's owner first
 * ({@link NamedPipeTransportOptions#verifyServerOwner()}); a call finding no server, or the
 * wrong one, ends {@code UNAVAILABLE}, and the channel reconnects when the server is back.
 * The {@code :authority} is {@code localhost} ({@code overrideAuthority} changes it); the rest
 * (keep-alive, message sizes, interceptors) is the builder's.
 *
 * <pre>{@code
 * ManagedChannel channel = NamedPipeGrpcChannels.forPipe("my-app").build();
 * }</pre>
 */
public final class NamedPipeGrpcChannels {

	/** How long a new connection waits for the server by default. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private NamedPipeGrpcChannels() {
	}

	/**
	 * A channel builder for a pipe as a client names it ({@link NamedPipeEndPoint#parse}): a
	 * pipe name, a Unix socket path, {@code \\.\pipe\<name>}, {@code npipe:////./pipe/<name>}
	 * or {@code unix:///<path>}; the default options (the server must be the current user) and
	 * connect timeout.
	 * @param pipe the pipe
	 * @return the builder
	 * @throws dev.namedpipe.InvalidNamedPipeSettingException (setting {@code pipe}) if the
	 * value names no local pipe of this platform
	 */
	public static OkHttpChannelBuilder forPipe(String pipe) {
		return forPipe(NamedPipeEndPoint.parse(pipe), NamedPipeTransportOptions.defaults(), DEFAULT_CONNECT_TIMEOUT);
	}

	/**
	 * A channel builder for an endpoint.
	 * @param endPoint the pipe
	 * @param options the client connections' options (buffer limits, the server-owner check)
	 * @param connectTimeout how long a new connection waits for the server
	 * @return the builder
	 * @throws dev.namedpipe.InvalidNamedPipeSettingException when an option does not apply to
	 * the endpoint's platform
	 * @see NamedPipeClient#connect(NamedPipeEndPoint, NamedPipeTransportOptions, Duration)
	 * @see NamedPipeServerOwnerException
	 */
	@SuppressWarnings("deprecation") // nameResolverFactory: the one way to give a builder a resolver of its own
	public static OkHttpChannelBuilder forPipe(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			Duration connectTimeout) {
		Objects.requireNonNull(endPoint, "endPoint");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		options.validateFor(endPoint.platform());
		return OkHttpChannelBuilder.forTarget(target(endPoint))
			.nameResolverFactory(new PipeNameResolver.Factory())
			.socketFactory(new PipeSocketFactory(endPoint, options, connectTimeout))
			.usePlaintext();
	}

	// The pipe as the channel's target, for its logs: namedpipe:///<name>, quoted as a URI.
	private static String target(NamedPipeEndPoint endPoint) {
		try {
			return new URI(PipeNameResolver.SCHEME, "", "/" + endPoint.name(), null).toASCIIString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Pipe name '" + endPoint.name() + "' makes no channel target", ex);
		}
	}

}
