package dev.namedpipe.boot.observation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeTransportObserver;

/**
 * Observes each named-pipe connection, as a {@link NamedPipeTransportObserver}: an
 * {@link Observation} starts when the connection is accepted and stops when it ends, so
 * that a tracer shows one span per connection. The observation is not put in scope: it is
 * started on an accept thread and stopped on the thread that ends the connection.
 */
public class NamedPipeObservations implements NamedPipeTransportObserver {

	private static final NamedPipeConnectionObservationConvention DEFAULT_CONVENTION =
			new DefaultNamedPipeConnectionObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable NamedPipeConnectionObservationConvention convention;

	private final Map<NamedPipeConnection, Observation> open = new ConcurrentHashMap<>();

	/**
	 * Creates the observations of connections.
	 * @param registry the registry to observe in
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public NamedPipeObservations(ObservationRegistry registry,
			@Nullable NamedPipeConnectionObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION,
				() -> new NamedPipeConnectionObservationContext(connection), this.registry);
		this.open.put(connection, observation.start());
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		Observation observation = this.open.remove(connection);
		if (observation != null) {
			if (observation.getContext() instanceof NamedPipeConnectionObservationContext context) {
				context.setErrorType(errorType);
			}
			observation.stop();
		}
	}

}
