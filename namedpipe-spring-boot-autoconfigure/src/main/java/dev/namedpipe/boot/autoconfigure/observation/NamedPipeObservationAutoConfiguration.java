package dev.namedpipe.boot.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.observation.NamedPipeConnectionObservationConvention;
import dev.namedpipe.boot.observation.NamedPipeObservations;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the observations of named-pipe connections, when there is an
 * {@link ObservationRegistry} bean.
 */
@AutoConfiguration(after = { NamedPipeAutoConfiguration.class, ObservationAutoConfiguration.class })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, NamedPipeEndpoints.class })
public final class NamedPipeObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamedPipeObservations namedPipeObservations(ObservationRegistry registry,
			ObjectProvider<NamedPipeConnectionObservationConvention> convention) {
		return new NamedPipeObservations(registry, convention.getIfAvailable());
	}

}
