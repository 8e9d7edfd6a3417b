package dev.namedpipe.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when at least one named-pipe endpoint is configured: {@code namedpipe.name}, or
 * any entry under {@code namedpipe.endpoints}.
 */
class OnNamedPipeEndpointCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		String name = binder.bind("namedpipe.name", String.class).orElse(null);
		if (StringUtils.hasText(name)) {
			return ConditionOutcome.match("namedpipe.name is set");
		}
		// Bound as plain maps: a value that does not convert is reported later, by the binding
		// of NamedPipeProperties, with its property name.
		boolean hasEndpoints = binder.bind("namedpipe.endpoints", Bindable.mapOf(String.class, Object.class))
			.map((endpoints) -> !endpoints.isEmpty())
			.orElse(false);
		if (hasEndpoints) {
			return ConditionOutcome.match("namedpipe.endpoints are configured");
		}
		return ConditionOutcome.noMatch("neither namedpipe.name nor namedpipe.endpoints is set");
	}

}
