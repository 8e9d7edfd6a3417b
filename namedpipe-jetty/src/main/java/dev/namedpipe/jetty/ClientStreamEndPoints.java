package dev.namedpipe.jetty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The stream endpoints a client connector has open, closed when the connector stops, as its
 * selector closes the endpoints it drives: a connection whose protocol does not close it on
 * the client's stop (an HTTP/2 session still waiting for the server's goodbye) would
 * otherwise keep its pipe, as no thread is left to read it to the end.
 */
final class ClientStreamEndPoints extends AbstractLifeCycle {

	private final Set<EndPoint> open = ConcurrentHashMap.newKeySet();

	/**
	 * The open stream endpoints of a connector, a bean of it from the first.
	 * @param connector the client connector
	 * @return its stream endpoints
	 */
	static ClientStreamEndPoints of(ClientConnector connector) {
		synchronized (connector) {
			ClientStreamEndPoints endPoints = connector.getBean(ClientStreamEndPoints.class);
			if (endPoints == null) {
				endPoints = new ClientStreamEndPoints();
				connector.addManaged(endPoints);
			}
			return endPoints;
		}
	}

	/**
	 * Tracks an endpoint until it closes; closes it at once if the connector is stopping.
	 * @param endPoint a new endpoint
	 */
	void opened(EndPoint endPoint) {
		this.open.add(endPoint);
		if (!isRunning()) {
			endPoint.close();
		}
	}

	/**
	 * Stops tracking an endpoint that closed.
	 * @param endPoint the endpoint
	 */
	void closed(EndPoint endPoint) {
		this.open.remove(endPoint);
	}

	@Override
	protected void doStop() {
		for (EndPoint endPoint : this.open) {
			endPoint.close();
		}
	}

}
