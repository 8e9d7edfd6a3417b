package dev.namedpipe.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for named-pipe connections: a bean of this type replaces
 * {@link DefaultNamedPipeConnectionObservationConvention}.
 */
public interface NamedPipeConnectionObservationConvention
		extends ObservationConvention<NamedPipeConnectionObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof NamedPipeConnectionObservationContext;
	}

}
