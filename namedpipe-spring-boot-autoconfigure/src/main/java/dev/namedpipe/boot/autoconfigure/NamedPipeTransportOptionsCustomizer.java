package dev.namedpipe.boot.autoconfigure;

import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Adjusts the transport options of named-pipe endpoints after the {@code namedpipe.*}
 * properties were applied, for example to set a security descriptor computed at runtime.
 * Customizers run in {@link org.springframework.core.Ordered order}, once per endpoint.
 */
@FunctionalInterface
public interface NamedPipeTransportOptionsCustomizer {

	/**
	 * Customizes the options of one endpoint.
	 * @param endpointId the endpoint id: {@code default} for the top-level endpoint, else
	 * the key under {@code namedpipe.endpoints}
	 * @param options the options built from the properties so far
	 */
	void customize(String endpointId, NamedPipeTransportOptions.Builder options);

}
