package dev.namedpipe.boot.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.RejectionReason;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;

/**
 * Micrometer metrics of the named-pipe endpoints, tagged as Kestrel tags its connections:
 * {@code network.transport} ({@code pipe} on Windows, {@code unix} elsewhere) and
 * {@code server.address} (the pipe path or socket path), plus {@code pipe} (the configured
 * name, the same on every platform). Binds the meters of every configured endpoint, and as
 * a {@link NamedPipeTransportObserver} of the listeners counts what happens on them. The
 * meters are built once per endpoint and registry; those tagged with how a connection ended
 * the first time a connection ends so.
 */
public class NamedPipeMetrics implements MeterBinder, NamedPipeTransportObserver {

	static final String CONNECTIONS_ACCEPTED = "namedpipe.connections.accepted";

	static final String PIPES_BROKEN = "namedpipe.pipes.broken";

	static final String CONNECTIONS_ACTIVE = "namedpipe.connections.active";

	static final String CONNECTIONS_REJECTED = "namedpipe.connections.rejected";

	static final String CONNECTION_DURATION = "namedpipe.connection.duration";

	static final String BYTES_RECEIVED = "namedpipe.bytes.received";

	static final String BYTES_SENT = "namedpipe.bytes.sent";

	private final NamedPipeEndpoints endpoints;

	private final NamedPipeListeners listeners;

	private final Map<NamedPipeEndPoint, List<EndpointMeters>> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics of a set of endpoints.
	 * @param endpoints the configured endpoints
	 * @param listeners the listeners bound for them
	 */
	public NamedPipeMetrics(NamedPipeEndpoints endpoints, NamedPipeListeners listeners) {
		this.endpoints = endpoints;
		this.listeners = listeners;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (NamedPipeEndpointDefinition endpoint : this.endpoints.all()) {
			Tags tags = tags(endpoint.endPoint());
			String id = endpoint.id();
			Gauge.builder(CONNECTIONS_ACTIVE, this.listeners, (listeners) -> listeners.activeConnections(id))
				.description("Connections open on the named pipe")
				.tags(tags)
				.strongReference(true)
				.register(registry);
			FunctionCounter.builder(BYTES_RECEIVED, this.listeners, (listeners) -> listeners.bytesReceived(id))
				.description("Bytes read from named-pipe connections")
				.baseUnit("bytes")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder(BYTES_SENT, this.listeners, (listeners) -> listeners.bytesSent(id))
				.description("Bytes written to named-pipe connections")
				.baseUnit("bytes")
				.tags(tags)
				.register(registry);
			this.meters.computeIfAbsent(endpoint.endPoint(), (endPoint) -> new CopyOnWriteArrayList<>())
				.add(new EndpointMeters(registry, tags));
		}
	}

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		each(connection.endPoint(), (meters) -> meters.accepted.increment());
	}

	@Override
	public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
		each(endPoint, (meters) -> meters.broken.increment());
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		each(endPoint, (meters) -> meters.rejected.get(reason).increment());
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		each(connection.endPoint(), (meters) -> meters.duration(errorType).record(duration));
	}

	private void each(NamedPipeEndPoint endPoint, Consumer<EndpointMeters> action) {
		this.meters.getOrDefault(endPoint, List.of()).forEach(action);
	}

	private static Tags tags(NamedPipeEndPoint endPoint) {
		return Tags.of("pipe", endPoint.name(), "network.transport", endPoint.platform().networkTransport(),
				"server.address", endPoint.address());
	}

	/**
	 * The meters of one endpoint in one registry that events count on.
	 */
	private static final class EndpointMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		private final Counter accepted;

		private final Counter broken;

		private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

		private final ConcurrentMap<ConnectionErrorType, Timer> durations = new ConcurrentHashMap<>();

		EndpointMeters(MeterRegistry registry, Tags tags) {
			this.registry = registry;
			this.tags = tags;
			this.accepted = Counter.builder(CONNECTIONS_ACCEPTED)
				.description("Connections accepted on the named pipe")
				.tags(tags)
				.register(registry);
			this.broken = Counter.builder(PIPES_BROKEN)
				.description("Accepts that failed with an I/O error (a client connected and vanished); "
						+ "the listener went on")
				.tags(tags)
				.register(registry);
			for (RejectionReason reason : RejectionReason.values()) {
				this.rejected.put(reason, Counter.builder(CONNECTIONS_REJECTED)
					.description("Clients refused by the named pipe, by reason")
					.tags(tags)
					.tag("reason", reason.tag())
					.register(registry));
			}
		}

		Timer duration(ConnectionErrorType errorType) {
			return this.durations.computeIfAbsent(errorType, (type) -> Timer.builder(CONNECTION_DURATION)
				.description("How long named-pipe connections were open, by how they ended")
				.tags(this.tags)
				.tag("error.type", type.tag())
				.register(this.registry));
		}

	}

}
