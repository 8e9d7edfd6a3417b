package dev.namedpipe.boot.autoconfigure;

import java.time.Duration;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * One configured named-pipe endpoint, resolved from the {@code namedpipe.*} properties and
 * the {@link NamedPipeTransportOptionsCustomizer customizers}.
 *
 * @param id the endpoint id ({@code default} for the top-level endpoint)
 * @param propertyPrefix the prefix of its properties, e.g. {@code namedpipe.endpoints.admin.}
 * @param endPoint the address it listens on
 * @param options its transport options
 * @param shutdownTimeout how long open connections may take to finish on shutdown
 * @param handlerBeanName the name of its handler bean, or {@code null} for the only one
 * @param httpEnabled whether it serves HTTP (bound by the HTTP module, not as raw connections)
 */
public record NamedPipeEndpointDefinition(String id, String propertyPrefix, NamedPipeEndPoint endPoint,
		NamedPipeTransportOptions options, Duration shutdownTimeout, String handlerBeanName, boolean httpEnabled) {

}
