package dev.namedpipe.boot.autoconfigure.web;

import java.util.List;

import dev.namedpipe.boot.NamedPipeEndpointDefinition;

/**
 * Thrown at startup when endpoints serve HTTP over a named pipe but the application's
 * embedded web server cannot: only Jetty with the {@code namedpipe-jetty} module can.
 */
public class NamedPipeHttpServerUnsupportedException extends RuntimeException {

	private final String serverFactoryType;

	private final List<String> endpointPrefixes;

	private final boolean jettyInUse;

	NamedPipeHttpServerUnsupportedException(String serverFactoryType, List<NamedPipeEndpointDefinition> endpoints,
			boolean jettyInUse) {
		super("Named-pipe endpoints " + endpoints.stream().map(NamedPipeEndpointDefinition::id).toList()
				+ " serve HTTP, which needs the embedded Jetty server and namedpipe-jetty, but the web server is "
				+ serverFactoryType);
		this.serverFactoryType = serverFactoryType;
		this.endpointPrefixes = endpoints.stream().map(NamedPipeEndpointDefinition::propertyPrefix).toList();
		this.jettyInUse = jettyInUse;
	}

	/**
	 * The class of the web server factory in use.
	 * @return the factory class name
	 */
	public String getServerFactoryType() {
		return this.serverFactoryType;
	}

	/**
	 * The property prefixes of the endpoints that serve HTTP, e.g. {@code namedpipe.}.
	 * @return the prefixes
	 */
	public List<String> getEndpointPrefixes() {
		return this.endpointPrefixes;
	}

	/**
	 * Whether the server is Jetty, so that only the {@code namedpipe-jetty} module is missing.
	 * @return whether Jetty is in use
	 */
	public boolean isJettyInUse() {
		return this.jettyInUse;
	}

}
