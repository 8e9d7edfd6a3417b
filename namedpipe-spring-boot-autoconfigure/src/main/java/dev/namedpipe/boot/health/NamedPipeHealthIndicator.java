package dev.namedpipe.boot.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;

/**
 * Health of the named-pipe endpoints: UP while every endpoint listens, DOWN when one is not
 * bound, closed, or its listener aborted (with the reason). Details per endpoint id: the
 * address, whether it listens, the open connections, and the reason when it does not listen.
 */
public class NamedPipeHealthIndicator extends AbstractHealthIndicator {

	private final NamedPipeEndpoints endpoints;

	private final NamedPipeListeners listeners;

	/**
	 * Creates the indicator.
	 * @param endpoints the configured endpoints
	 * @param listeners the listeners bound for them
	 */
	public NamedPipeHealthIndicator(NamedPipeEndpoints endpoints, NamedPipeListeners listeners) {
		super("Named pipe health check failed");
		this.endpoints = endpoints;
		this.listeners = listeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean allListening = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (NamedPipeEndpointDefinition endpoint : this.endpoints.all()) {
			Map<String, Object> endpointDetails = new LinkedHashMap<>();
			endpointDetails.put("address", endpoint.endPoint().address());
			Optional<NamedPipeConnectionListener> listener = this.listeners.get(endpoint.id());
			String notListening = listener.isPresent() ? notListeningReason(listener.get()) : notBoundReason(endpoint);
			endpointDetails.put("listening", notListening == null);
			endpointDetails.put("activeConnections", this.listeners.activeConnections(endpoint.id()));
			if (notListening != null) {
				endpointDetails.put("reason", notListening);
				allListening = false;
			}
			details.put(endpoint.id(), endpointDetails);
		}
		builder.status(allListening ? "UP" : "DOWN").withDetail("endpoints", details);
	}

	private static @Nullable String notListeningReason(NamedPipeConnectionListener listener) {
		if (listener.isListening()) {
			return null;
		}
		return listener.failure()
			.map((failure) -> "Listener aborted: " + failure)
			.orElse("Listener closed");
	}

	private static String notBoundReason(NamedPipeEndpointDefinition endpoint) {
		return endpoint.httpEnabled() ? "Not bound: HTTP endpoints are served by the embedded Jetty server (with namedpipe-jetty)" : "Not bound";
	}

}
