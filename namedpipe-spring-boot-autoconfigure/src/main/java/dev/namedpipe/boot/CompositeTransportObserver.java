package dev.namedpipe.boot;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.RejectionReason;

/**
 * Tells every {@link NamedPipeTransportObserver} bean; one that throws is logged and does
 * not keep the others from being told.
 */
public final class CompositeTransportObserver implements NamedPipeTransportObserver {

	private static final Log logger = LogFactory.getLog(CompositeTransportObserver.class);

	private final List<NamedPipeTransportObserver> observers;

	/**
	 * Creates an observer telling each of the given ones, in order.
	 * @param observers the observers
	 */
	public CompositeTransportObserver(List<NamedPipeTransportObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	/**
	 * A supplier of the composite of the observer beans there are when it is asked, in
	 * order: what the listener lifecycle and the Jetty connectors are given, so that they
	 * see observers created after them.
	 * @param observers the observer beans
	 * @return a supplier of a new composite each time
	 */
	public static Supplier<NamedPipeTransportObserver> of(ObjectProvider<NamedPipeTransportObserver> observers) {
		return () -> new CompositeTransportObserver(observers.orderedStream().toList());
	}

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		tellEach((observer) -> observer.connectionAccepted(connection));
	}

	@Override
	public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
		tellEach((observer) -> observer.pipeBroken(endPoint, cause));
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		tellEach((observer) -> observer.connectionRejected(endPoint, reason, message));
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		tellEach((observer) -> observer.connectionClosed(connection, duration, errorType));
	}

	@Override
	public void listenerAborted(NamedPipeEndPoint endPoint, Throwable cause) {
		tellEach((observer) -> observer.listenerAborted(endPoint, cause));
	}

	private void tellEach(Consumer<NamedPipeTransportObserver> event) {
		for (NamedPipeTransportObserver observer : this.observers) {
			try {
				event.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("Named-pipe transport observer " + observer + " failed", ex);
			}
		}
	}

}
