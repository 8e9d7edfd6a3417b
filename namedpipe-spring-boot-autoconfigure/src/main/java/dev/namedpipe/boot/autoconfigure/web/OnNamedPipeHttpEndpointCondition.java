package dev.namedpipe.boot.autoconfigure.web;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an endpoint may serve HTTP: {@code namedpipe.http.enabled} (inherited by
 * every endpoint) or some {@code namedpipe.endpoints.<id>.http.enabled} is {@code true}.
 */
class OnNamedPipeHttpEndpointCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		if (binder.bind("namedpipe.http.enabled", Boolean.class).orElse(false)) {
			return ConditionOutcome.match("namedpipe.http.enabled is true");
		}
		// Bound as plain maps: a value that does not convert is reported later, by the binding
		// of the properties, with its property name.
		Map<String, Object> endpoints = binder.bind("namedpipe.endpoints", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String id : endpoints.keySet()) {
			String property = "namedpipe.endpoints." + id + ".http.enabled";
			if ("true".equalsIgnoreCase(String.valueOf(binder.bind(property, String.class).orElse(null)))) {
				return ConditionOutcome.match(property + " is true");
			}
		}
		return ConditionOutcome.noMatch("no named-pipe endpoint has http.enabled=true");
	}

}
