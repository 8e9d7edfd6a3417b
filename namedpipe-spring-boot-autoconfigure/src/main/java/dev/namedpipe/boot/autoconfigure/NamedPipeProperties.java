package dev.namedpipe.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the named-pipe transport. The top-level settings describe the
 * endpoint {@value #DEFAULT_ENDPOINT_ID} (listening when {@code namedpipe.name} is set) and
 * are the defaults of every endpoint under {@code namedpipe.endpoints.<id>}
 * ({@link NamedPipeEndpointProperties}); the others apply to the whole application.
 */
@ConfigurationProperties("namedpipe")
public class NamedPipeProperties extends AbstractNamedPipeEndpointProperties {

	/** The id of the endpoint the top-level settings describe. */
	public static final String DEFAULT_ENDPOINT_ID = "default";

	/**
	 * Whether the named-pipe transport is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Most connections handled at once on platform threads; further clients wait in the
	 * operating system's backlog. Not used with virtual threads, which have no limit.
	 */
	private int maxHandlerThreads = 200;

	/**
	 * Further endpoints by id, each with the settings of the top level but enabled,
	 * max-handler-threads and http.pipe-only; unset settings inherit the top-level values.
	 * Every endpoint needs its own name.
	 */
	private Map<String, NamedPipeEndpointProperties> endpoints = new LinkedHashMap<>();

	private final Http http = new Http();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxHandlerThreads() {
		return this.maxHandlerThreads;
	}

	public void setMaxHandlerThreads(int maxHandlerThreads) {
		this.maxHandlerThreads = maxHandlerThreads;
	}

	public Map<String, NamedPipeEndpointProperties> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(Map<String, NamedPipeEndpointProperties> endpoints) {
		this.endpoints = endpoints;
	}

	public Http getHttp() {
		return this.http;
	}

	/**
	 * HTTP served over the pipes instead of raw connections; {@code enabled} is the default
	 * of every endpoint.
	 */
	public static class Http extends NamedPipeEndpointProperties.Http {

		/**
		 * Whether the embedded Jetty server serves HTTP on the named pipes only and opens no
		 * TCP port. Applies to the whole server, so there is no such setting per endpoint.
		 */
		private boolean pipeOnly;

		public boolean isPipeOnly() {
			return this.pipeOnly;
		}

		public void setPipeOnly(boolean pipeOnly) {
			this.pipeOnly = pipeOnly;
		}

	}

}
