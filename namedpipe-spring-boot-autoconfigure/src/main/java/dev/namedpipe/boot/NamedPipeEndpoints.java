package dev.namedpipe.boot;

import java.util.List;
import java.util.Optional;

import dev.namedpipe.NamedPipeConnectionHandler;

/**
 * The named-pipe endpoints of the application, in configuration order: the top-level
 * endpoint first (when {@code namedpipe.name} is set), then {@code namedpipe.endpoints.*}.
 */
public final class NamedPipeEndpoints {

	private final List<NamedPipeEndpointDefinition> definitions;

	/**
	 * Creates the set of endpoints.
	 * @param definitions the endpoints
	 */
	public NamedPipeEndpoints(List<NamedPipeEndpointDefinition> definitions) {
		this.definitions = List.copyOf(definitions);
	}

	/**
	 * Every endpoint.
	 * @return the endpoints
	 */
	public List<NamedPipeEndpointDefinition> all() {
		return this.definitions;
	}

	/**
	 * The endpoints serving raw connections to a {@link NamedPipeConnectionHandler}, that is
	 * those without {@code http.enabled}.
	 * @return the raw endpoints
	 */
	public List<NamedPipeEndpointDefinition> raw() {
		return this.definitions.stream().filter((definition) -> !definition.httpEnabled()).toList();
	}

	/**
	 * The endpoints serving HTTP on the embedded web server, that is those with
	 * {@code http.enabled}.
	 * @return the HTTP endpoints
	 */
	public List<NamedPipeEndpointDefinition> http() {
		return this.definitions.stream().filter(NamedPipeEndpointDefinition::httpEnabled).toList();
	}

	/**
	 * The endpoint of an id.
	 * @param id the endpoint id
	 * @return the endpoint, if configured
	 */
	public Optional<NamedPipeEndpointDefinition> get(String id) {
		return this.definitions.stream().filter((definition) -> definition.id().equals(id)).findFirst();
	}

}
