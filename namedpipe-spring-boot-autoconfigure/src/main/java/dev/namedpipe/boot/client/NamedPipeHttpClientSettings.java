package dev.namedpipe.boot.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * How one named-pipe HTTP client reaches its pipe.
 *
 * @param endPoint the pipe
 * @param options the connections' options: buffer limits and the server-owner check
 * @param baseUrl the base of the clients' request URIs: its authority is the {@code Host}
 * header
 * @param connectTimeout how long a connection waits for the pipe to appear or (on Windows) for
 * a free instance
 * @param idleTimeout how long a connection may be idle, in a request or in the pool
 * @param readTimeout how long a {@code RestClient} request may take, or {@code null} for no
 * limit
 * @param protocol how HTTP is spoken on the client's connections
 */
public record NamedPipeHttpClientSettings(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, URI baseUrl,
		Duration connectTimeout, Duration idleTimeout, @Nullable Duration readTimeout, Protocol protocol) {

	public NamedPipeHttpClientSettings {
		Objects.requireNonNull(endPoint, "endPoint");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(baseUrl, "baseUrl");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(idleTimeout, "idleTimeout");
		Objects.requireNonNull(protocol, "protocol");
	}

	/**
	 * How HTTP is spoken on a client's connections.
	 */
	public enum Protocol {

		/** HTTP/1.1, a connection per request in flight, kept alive in a pool. */
		HTTP1,

		/**
		 * HTTP/2 in cleartext with prior knowledge: every request a stream of one connection
		 * (needs {@code org.eclipse.jetty.http2:jetty-http2-client-transport}).
		 */
		H2C

	}

}
