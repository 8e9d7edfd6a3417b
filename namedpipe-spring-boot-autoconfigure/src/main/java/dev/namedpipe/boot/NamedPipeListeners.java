package dev.namedpipe.boot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.namedpipe.NamedPipeConnectionListener;

/**
 * The listeners bound for the application's endpoints, by endpoint id, for health and
 * metrics. A listener stays registered after it closed, so that its totals and failure
 * remain visible; binding an endpoint again replaces it and carries its byte totals over.
 */
public class NamedPipeListeners {

	private final Map<String, NamedPipeConnectionListener> listeners = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> retiredBytesReceived = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> retiredBytesSent = new ConcurrentHashMap<>();

	/**
	 * Registers the listener bound for an endpoint.
	 * @param endpointId the endpoint id
	 * @param listener the listener
	 */
	public void register(String endpointId, NamedPipeConnectionListener listener) {
		NamedPipeConnectionListener previous = this.listeners.put(endpointId, listener);
		if (previous != null) {
			retired(this.retiredBytesReceived, endpointId).add(previous.totalBytesRead());
			retired(this.retiredBytesSent, endpointId).add(previous.totalBytesWritten());
		}
	}

	/**
	 * The listener last bound for an endpoint.
	 * @param endpointId the endpoint id
	 * @return the listener, empty if the endpoint was never bound
	 */
	public Optional<NamedPipeConnectionListener> get(String endpointId) {
		return Optional.ofNullable(this.listeners.get(endpointId));
	}

	/**
	 * The open connections of an endpoint.
	 * @param endpointId the endpoint id
	 * @return the count, 0 when not bound
	 */
	public int activeConnections(String endpointId) {
		return get(endpointId).map(NamedPipeConnectionListener::activeConnections).orElse(0);
	}

	/**
	 * Bytes received on an endpoint since the application started.
	 * @param endpointId the endpoint id
	 * @return the total
	 */
	public long bytesReceived(String endpointId) {
		return retired(this.retiredBytesReceived, endpointId).sum()
				+ get(endpointId).map(NamedPipeConnectionListener::totalBytesRead).orElse(0L);
	}

	/**
	 * Bytes sent on an endpoint since the application started.
	 * @param endpointId the endpoint id
	 * @return the total
	 */
	public long bytesSent(String endpointId) {
		return retired(this.retiredBytesSent, endpointId).sum()
				+ get(endpointId).map(NamedPipeConnectionListener::totalBytesWritten).orElse(0L);
	}

	private static LongAdder retired(Map<String, LongAdder> totals, String endpointId) {
		return totals.computeIfAbsent(endpointId, (id) -> new LongAdder());
	}

}
