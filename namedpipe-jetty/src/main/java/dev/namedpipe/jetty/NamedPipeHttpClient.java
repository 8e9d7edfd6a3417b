package dev.namedpipe.jetty;

import java.net.URI;
import java.util.Objects;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;

/**
 * A Jetty {@link HttpClient} whose requests go to one named pipe: every new request (and its
 * copies for redirects) takes the pipe's {@link NamedPipeClientTransport} unless it is given
 * another transport, and a relative request URI is resolved against {@code http://localhost}, so the
 * {@code Host} header is {@code localhost} unless the URI names another authority. For
 * Spring's {@code JettyClientHttpRequestFactory} and {@code JettyClientHttpConnector},
 * which create requests with {@link #newRequest(URI)}.
 */
public final class NamedPipeHttpClient extends HttpClient {

	/** The base of relative request URIs. */
	public static final URI DEFAULT_BASE_URI = URI.create("http://localhost");

	private final NamedPipeClientTransport pipe;

	/**
	 * Creates a client speaking HTTP/1.1 over a pipe.
	 * @param pipe the pipe's transport
	 */
	public NamedPipeHttpClient(NamedPipeClientTransport pipe) {
		this(pipe, new HttpClientTransportOverHTTP());
	}

	/**
	 * Creates a client over a pipe with an HTTP transport of Jetty's (HTTP/1.1, or HTTP/2 with
	 * prior knowledge from {@code jetty-http2-client-transport}).
	 * @param pipe the pipe's transport
	 * @param httpTransport how HTTP is spoken on each connection
	 */
	public NamedPipeHttpClient(NamedPipeClientTransport pipe, HttpClientTransport httpTransport) {
		super(httpTransport);
		this.pipe = Objects.requireNonNull(pipe, "pipe");
	}

	/**
	 * The pipe's transport.
	 * @return the transport
	 */
	public NamedPipeClientTransport getPipeTransport() {
		return this.pipe;
	}

	@Override
	public Request newRequest(URI uri) {
		return super.newRequest(uri.isAbsolute() ? uri : DEFAULT_BASE_URI.resolve(uri)).transport(this.pipe);
	}

	// Redirects and authentication retries copy the request: the copy goes where it went.
	@Override
	protected Request copyRequest(Request oldRequest, URI newUri) {
		return super.copyRequest(oldRequest, newUri).transport(oldRequest.getTransport());
	}

}
