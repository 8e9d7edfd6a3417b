package dev.namedpipe.boot;

import org.springframework.context.ApplicationContextException;

/**
 * A configured named-pipe endpoint could not listen; reported at startup by
 * {@link NamedPipeBindFailureAnalyzer}.
 */
public class NamedPipeBindException extends ApplicationContextException {

	private final transient NamedPipeEndpointDefinition endpoint;

	/**
	 * Creates an exception.
	 * @param endpoint the endpoint that could not listen
	 * @param cause why
	 */
	public NamedPipeBindException(NamedPipeEndpointDefinition endpoint, Throwable cause) {
		super("Named pipe endpoint '" + endpoint.id() + "' could not listen on " + endpoint.endPoint().address() + " ("
				+ endpoint.propertyPrefix() + "name=" + endpoint.endPoint().name() + "): " + cause.getMessage(), cause);
		this.endpoint = endpoint;
	}

	/**
	 * The endpoint that could not listen.
	 * @return the endpoint
	 */
	public NamedPipeEndpointDefinition getEndpoint() {
		return this.endpoint;
	}

}
