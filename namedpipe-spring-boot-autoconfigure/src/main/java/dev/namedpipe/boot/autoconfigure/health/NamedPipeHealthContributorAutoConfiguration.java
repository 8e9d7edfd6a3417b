package dev.namedpipe.boot.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.health.NamedPipeHealthIndicator;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the {@code namedpipe} health contributor.
 */
@AutoConfiguration(after = NamedPipeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({ NamedPipeEndpoints.class, NamedPipeListeners.class })
@ConditionalOnEnabledHealthIndicator("namedpipe")
public final class NamedPipeHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "namedpipeHealthIndicator")
	NamedPipeHealthIndicator namedpipeHealthIndicator(NamedPipeEndpoints endpoints, NamedPipeListeners listeners) {
		return new NamedPipeHealthIndicator(endpoints, listeners);
	}

}
