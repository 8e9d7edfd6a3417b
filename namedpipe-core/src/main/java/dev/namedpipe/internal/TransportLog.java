package dev.namedpipe.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import dev.namedpipe.NamedPipeConnection;

/**
 * The transport's log events, named and levelled after Kestrel's {@code NamedPipesLog}. Each
 * event carries a marker of its name, so a logging configuration can select it. Internal.
 */
public final class TransportLog {

	private static final Logger logger = LoggerFactory.getLogger("dev.namedpipe.transport");

	private static final Marker ACCEPTED_CONNECTION = MarkerFactory.getMarker("AcceptedConnection");

	private static final Marker CONNECTION_ERROR = MarkerFactory.getMarker("ConnectionError");

	private static final Marker LISTENER_ABORTED = MarkerFactory.getMarker("ConnectionListenerAborted");

	private static final Marker CONNECTION_PAUSE = MarkerFactory.getMarker("ConnectionPause");

	private static final Marker CONNECTION_RESUME = MarkerFactory.getMarker("ConnectionResume");

	private static final Marker CONNECTION_READ_END = MarkerFactory.getMarker("ConnectionReadEnd");

	private static final Marker CONNECTION_DISCONNECT = MarkerFactory.getMarker("ConnectionDisconnect");

	private static final Marker LISTENER_BROKEN_PIPE = MarkerFactory.getMarker("ConnectionListenerBrokenPipe");

	private static final Marker QUEUE_EXITED = MarkerFactory.getMarker("ConnectionListenerQueueExited");

	private static final Marker CONNECTION_REJECTED = MarkerFactory.getMarker("ConnectionRejected");

	private TransportLog() {
	}

	public static void acceptedConnection(NamedPipeConnection connection) {
		if (logger.isDebugEnabled(ACCEPTED_CONNECTION)) {
			logger.debug(ACCEPTED_CONNECTION, "AcceptedConnection: connection id \"{}\" accepted from {}",
					connection.id(), connection.peer());
		}
	}

	public static void connectionError(NamedPipeConnection connection, Throwable ex) {
		if (logger.isDebugEnabled(CONNECTION_ERROR)) {
			logger.debug(CONNECTION_ERROR, "ConnectionError: connection id \"{}\" failed: {}", connection.id(),
					ex.toString());
		}
	}

	public static void listenerAborted(Object endPoint, Throwable ex) {
		logger.error(LISTENER_ABORTED, "ConnectionListenerAborted: the listener on '{}' stopped accepting", endPoint,
				ex);
	}

	public static void connectionPause(NamedPipeConnection connection, int bufferedBytes) {
		if (logger.isDebugEnabled(CONNECTION_PAUSE)) {
			logger.debug(CONNECTION_PAUSE, "ConnectionPause: connection id \"{}\" paused writes with {} bytes buffered",
					connection.id(), bufferedBytes);
		}
	}

	public static void connectionResume(NamedPipeConnection connection) {
		if (logger.isDebugEnabled(CONNECTION_RESUME)) {
			logger.debug(CONNECTION_RESUME, "ConnectionResume: connection id \"{}\" resumed writes", connection.id());
		}
	}

	public static void connectionReadEnd(NamedPipeConnection connection) {
		if (logger.isDebugEnabled(CONNECTION_READ_END)) {
			logger.debug(CONNECTION_READ_END, "ConnectionReadEnd: connection id \"{}\" received end of stream",
					connection.id());
		}
	}

	public static void connectionDisconnect(NamedPipeConnection connection, String how) {
		if (logger.isDebugEnabled(CONNECTION_DISCONNECT)) {
			logger.debug(CONNECTION_DISCONNECT, "ConnectionDisconnect: connection id \"{}\" disconnected ({})",
					connection.id(), how);
		}
	}

	public static void listenerBrokenPipe(Object endPoint, Throwable ex) {
		logger.debug(LISTENER_BROKEN_PIPE,
				"ConnectionListenerBrokenPipe: a client of '{}' left before it was accepted: {}", endPoint,
				ex.toString());
	}

	public static void listenerQueueExited(Object endPoint, int queue) {
		logger.trace(QUEUE_EXITED, "ConnectionListenerQueueExited: accept loop {} of '{}' exited", queue, endPoint);
	}

	public static void connectionRejected(Object endPoint, String message) {
		logger.warn(CONNECTION_REJECTED, "ConnectionRejected on '{}': {}", endPoint, message);
	}

}
