package dev.namedpipe.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one endpoint under {@code namedpipe.endpoints.<id>}: those of the top
 * level, except the ones that apply to the whole application.
 */
public class NamedPipeEndpointProperties extends AbstractNamedPipeEndpointProperties {

	private final Http http = new Http();

	public Http getHttp() {
		return this.http;
	}

	/**
	 * HTTP served over the pipe instead of raw connections.
	 */
	public static class Http {

		/**
		 * Whether the endpoint serves the application's HTTP (on the embedded Jetty server,
		 * with the namedpipe-jetty module) instead of handing raw connections to a handler.
		 * An application on another server fails to start.
		 */
		private @Nullable Boolean enabled;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

	}

}
