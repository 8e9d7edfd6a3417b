package dev.namedpipe.boot.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * Micrometer metrics of the named-pipe endpoints, tagged {@code pipe} (the pipe name) and
 * {@code network.transport} ({@code pipe} on Windows, {@code unix} elsewhere, as Kestrel
 * tags them). Binds the meters of every configured endpoint, and as a
 * {@link NamedPipeTransportObserver} of the listeners counts what happens on them.
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

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

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
			accepted(registry, tags);
			broken(registry, tags);
			for (RejectionReason reason : RejectionReason.values()) {
				rejected(registry, tags, reason);
			}
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
		}
		this.registries.add(registry);
	}

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		Tags tags = tags(connection.endPoint());
		eachRegistry((registry) -> accepted(registry, tags).increment());
	}

	@Override
	public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
		Tags tags = tags(endPoint);
		eachRegistry((registry) -> broken(registry, tags).increment());
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		Tags tags = tags(endPoint);
		eachRegistry((registry) -> rejected(registry, tags, reason).increment());
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		Tags tags = tags(connection.endPoint()).and("error.type", errorType.tag());
		eachRegistry((registry) -> Timer.builder(CONNECTION_DURATION)
			.description("How long named-pipe connections were open, by how they ended")
			.tags(tags)
			.register(registry)
			.record(duration));
	}

	private void eachRegistry(Consumer<MeterRegistry> action) {
		this.registries.forEach(action);
	}

	private static Counter accepted(MeterRegistry registry, Tags tags) {
		return Counter.builder(CONNECTIONS_ACCEPTED)
			.description("Connections accepted on the named pipe")
			.tags(tags)
			.register(registry);
	}

	private static Counter broken(MeterRegistry registry, Tags tags) {
		return Counter.builder(PIPES_BROKEN)
			.description("Accepts that failed with an I/O error (a client connected and vanished); the listener went on")
			.tags(tags)
			.register(registry);
	}

	private static Counter rejected(MeterRegistry registry, Tags tags, RejectionReason reason) {
		return Counter.builder(CONNECTIONS_REJECTED)
			.description("Clients refused by the named pipe, by reason")
			.tags(tags)
			.tag("reason", reason.tag())
			.register(registry);
	}

	private static Tags tags(NamedPipeEndPoint endPoint) {
		return Tags.of("pipe", endPoint.name(), "network.transport", endPoint.platform().networkTransport());
	}

}
