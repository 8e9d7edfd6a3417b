package dev.namedpipe.boot.client;

import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/**
 * Jetty's HTTP/2 client transport, in a class of its own so that the clients load without
 * {@code jetty-http2-client-transport} when none of them speaks h2c.
 */
final class H2cClientTransports {

	private H2cClientTransports() {
	}

	/**
	 * A new transport speaking HTTP/2 with prior knowledge on each connection.
	 * @return the transport
	 */
	static HttpClientTransport create() {
		return new HttpClientTransportOverHTTP2(new HTTP2Client());
	}

}
