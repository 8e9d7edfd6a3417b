package dev.namedpipe.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code namedpipe.enabled} is {@code false}. The value is bound as a
 * boolean, so that a value that is not one fails the start with a binding error naming the
 * property and the value (as every other {@code namedpipe.*} property does) instead of being
 * taken for {@code true}.
 */
class OnNamedPipeEnabledCondition extends SpringBootCondition {

	private static final String PROPERTY = "namedpipe.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean enabled = Binder.get(context.getEnvironment()).bind(PROPERTY, Boolean.class).orElse(true);
		return enabled ? ConditionOutcome.match(PROPERTY + " is not false")
				: ConditionOutcome.noMatch(PROPERTY + " is false");
	}

}
