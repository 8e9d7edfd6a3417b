package dev.namedpipe.boot.observation;

import io.micrometer.common.KeyValues;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeEndPoint;

/**
 * The default {@link NamedPipeConnectionObservationConvention}: the observation
 * {@value #NAME}, with the tags of the named-pipe metrics as low-cardinality key values
 * ({@code network.transport}, {@code server.address}, {@code pipe}, and {@code error.type}
 * once the connection ended) and the peer's process id as a high-cardinality one
 * ({@code peer.pid}, when the platform tells it).
 */
public class DefaultNamedPipeConnectionObservationConvention implements NamedPipeConnectionObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "namedpipe.connection";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(NamedPipeConnectionObservationContext context) {
		return "namedpipe " + context.getConnection().endPoint().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(NamedPipeConnectionObservationContext context) {
		NamedPipeEndPoint endPoint = context.getConnection().endPoint();
		KeyValues keyValues = KeyValues.of("network.transport", endPoint.platform().networkTransport(),
				"server.address", endPoint.address(), "pipe", endPoint.name());
		ConnectionErrorType errorType = context.getErrorType();
		return (errorType != null) ? keyValues.and("error.type", errorType.tag()) : keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(NamedPipeConnectionObservationContext context) {
		return context.getConnection()
			.peer()
			.pid()
			.stream()
			.mapToObj((pid) -> KeyValues.of("peer.pid", Long.toString(pid)))
			.findFirst()
			.orElse(KeyValues.empty());
	}

}
