package dev.namedpipe.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.metrics.NamedPipeMetrics;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the metrics of the named-pipe endpoints.
 */
@AutoConfiguration(after = { NamedPipeAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, NamedPipeEndpoints.class, NamedPipeListeners.class })
public final class NamedPipeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamedPipeMetrics namedPipeMetrics(NamedPipeEndpoints endpoints, NamedPipeListeners listeners) {
		return new NamedPipeMetrics(endpoints, listeners);
	}

}
