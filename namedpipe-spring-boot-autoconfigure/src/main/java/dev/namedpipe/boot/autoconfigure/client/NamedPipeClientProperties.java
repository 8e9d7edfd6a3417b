package dev.namedpipe.boot.autoconfigure.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.namedpipe.boot.client.NamedPipeHttpClientSettings.Protocol;

/**
 * Configuration properties of the named-pipe HTTP clients, {@code namedpipe.client.<id>.*}.
 */
@ConfigurationProperties("namedpipe")
public class NamedPipeClientProperties {

	/**
	 * HTTP clients of named pipes by id, each reached with NamedPipeHttpClients.
	 */
	private Map<String, Client> client = new LinkedHashMap<>();

	public Map<String, Client> getClient() {
		return this.client;
	}

	public void setClient(Map<String, Client> client) {
		this.client = client;
	}

	/**
	 * One client.
	 */
	public static class Client extends NamedPipeClientConnectionProperties {

		/**
		 * The pipe: a name (my-app: /tmp/CoreFxPipe_my-app, \\.\pipe\my-app), an absolute
		 * socket path, npipe:////./pipe/<name> or unix:///<path>.
		 */
		private @Nullable String pipe;

		/**
		 * The base of request URIs; its authority is the Host header.
		 */
		private URI baseUrl = URI.create("http://localhost");

		/**
		 * How long a connection may be idle, in a request or in the pool.
		 */
		private Duration idleTimeout = Duration.ofSeconds(30);

		/**
		 * How long a RestClient request may take; unset for no limit.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * How HTTP is spoken on the connections: http1 (HTTP/1.1, a kept-alive pool) or h2c
		 * (HTTP/2 with prior knowledge, every request a stream of one connection; needs
		 * org.eclipse.jetty.http2:jetty-http2-client-transport).
		 */
		private Protocol protocol = Protocol.HTTP1;

		public @Nullable String getPipe() {
			return this.pipe;
		}

		public void setPipe(@Nullable String pipe) {
			this.pipe = pipe;
		}

		public URI getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(URI baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Protocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(Protocol protocol) {
			this.protocol = protocol;
		}

	}

}
