package dev.namedpipe.jetty;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.Scheduler;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.spi.SelectableConnection;

/**
 * A Jetty client {@link Transport} to a named pipe, for Jetty's {@code HttpClient}
 * ({@code request.transport(...)}, or every request of a {@link NamedPipeHttpClient}).
 *
 * <p>Connecting goes through {@link NamedPipeClient} on the client connector's executor, so
 * that a pipe not there yet, or (on Windows) with every instance busy, is waited for within
 * the connector's connect timeout, and a failure names the pipe; by default it also checks,
 * before a byte is sent, that the server runs as the current user
 * ({@link NamedPipeTransportOptions#verifyServerOwner()}), failing the request with
 * {@link dev.namedpipe.NamedPipeServerOwnerException} otherwise. A Unix connection is then
 * handed to the connector's own selector, as Jetty's {@code Transport.TCPUnix} connections
 * are; any other connection (a Win32 pipe) is bridged over its blocking streams by a reader
 * of its own, a virtual thread where the runtime has them, and closed when the connector stops
 * if still open. Idle timeouts are the connector's.
 * Jetty keeps a connection pool per destination, and a destination per transport instance:
 * share one instance for all requests to a pipe.
 */
public final class NamedPipeClientTransport implements Transport {

	private static final String CONNECTION_CONTEXT_KEY = NamedPipeClientTransport.class.getName() + ".connection";

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportOptions options;

	private final SocketAddress socketAddress;

	private boolean streamEndPointsForced;

	/**
	 * Creates a transport to an endpoint, with the default buffer limits and the server
	 * checked to be the current user.
	 * @param endPoint the pipe
	 */
	public NamedPipeClientTransport(NamedPipeEndPoint endPoint) {
		this(endPoint, NamedPipeTransportOptions.defaults());
	}

	/**
	 * Creates a transport to an endpoint.
	 * @param endPoint the pipe
	 * @param options the buffer limits of the client connections and the server-owner check
	 */
	public NamedPipeClientTransport(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options) {
		this.endPoint = Objects.requireNonNull(endPoint, "endPoint");
		this.options = Objects.requireNonNull(options, "options");
		this.socketAddress = endPoint.platform().isWindows() ? new NamedPipeSocketAddress(endPoint)
				: UnixDomainSocketAddress.of(endPoint.unixSocketPath());
	}

	/**
	 * Creates a transport to a pipe as {@link NamedPipeEndPoint#parse(String)} resolves it: a
	 * name, an absolute socket path, {@code npipe:////./pipe/<name>} or
	 * {@code unix:///<path>}.
	 * @param pipe the pipe
	 * @return the transport
	 * @throws dev.namedpipe.InvalidNamedPipeSettingException if the value names no local pipe
	 */
	public static NamedPipeClientTransport of(String pipe) {
		return new NamedPipeClientTransport(NamedPipeEndPoint.parse(pipe));
	}

	/**
	 * The pipe this transport connects to.
	 * @return the endpoint
	 */
	public NamedPipeEndPoint getNamedPipeEndPoint() {
		return this.endPoint;
	}

	/**
	 * Bridges every connection over its streams, as on platforms without socket channels; lets
	 * tests run that path over Unix connections.
	 * @param forced whether to bypass the selector path
	 */
	void setStreamEndPointsForced(boolean forced) {
		this.streamEndPointsForced = forced;
	}

	@Override
	public SocketAddress getSocketAddress() {
		return this.socketAddress;
	}

	@Override
	public void connect(SocketAddress socketAddress, Map<String, Object> context) {
		ClientConnector connector = (ClientConnector) context.get(ClientConnector.CONTEXT_KEY);
		try {
			connector.getExecutor().execute(() -> open(connector, context));
		}
		catch (RuntimeException ex) {
			failed(context, ex);
		}
	}

	private void open(ClientConnector connector, Map<String, Object> context) {
		NamedPipeConnection connection;
		try {
			connection = NamedPipeClient.connect(this.endPoint, this.options, connector.getConnectTimeout());
		}
		catch (IOException | RuntimeException ex) {
			failed(context, ex);
			return;
		}
		if (!this.streamEndPointsForced && connection instanceof SelectableConnection selectable) {
			context.put(CONNECTION_CONTEXT_KEY, selectable);
			connector.accept(selectable.channel(), context);
		}
		else {
			openStreamEndPoint(connector, connection, context);
		}
	}

	// What the connector's selector manager does for a channel, for a connection it cannot select.
	private void openStreamEndPoint(ClientConnector connector, NamedPipeConnection connection,
			Map<String, Object> context) {
		Executor executor = connector.getExecutor();
		ClientStreamEndPoints open = ClientStreamEndPoints.of(connector);
		NamedPipeStreamEndPoint endPoint = new NamedPipeStreamEndPoint(connection, connector.getScheduler(), executor,
				open::closed);
		endPoint.setIdleTimeout(connector.getIdleTimeout().toMillis());
		try {
			Connection clientConnection = newConnection(endPoint, context);
			endPoint.setConnection(clientConnection);
			open.opened(endPoint);
			endPoint.onOpen();
			clientConnection.onOpen();
			promise(context).succeeded(clientConnection);
			Executor readers = VirtualThreads.areSupported() ? VirtualThreads.getDefaultVirtualThreadsExecutor()
					: executor;
			readers.execute(endPoint::readLoop);
		}
		catch (IOException | RuntimeException ex) {
			endPoint.close(ex);
			failed(context, ex);
		}
	}

	@Override
	public EndPoint newEndPoint(Scheduler scheduler, ManagedSelector selector, SelectableChannel selectable,
			SelectionKey selectionKey) {
		@SuppressWarnings("unchecked")
		Map<String, Object> context = (Map<String, Object>) selectionKey.attachment();
		SelectableConnection connection = (SelectableConnection) context.remove(CONNECTION_CONTEXT_KEY);
		return new NamedPipeChannelEndPoint(connection, null, selector, selectionKey, scheduler);
	}

	private static void failed(Map<String, Object> context, Throwable failure) {
		promise(context).failed(failure);
	}

	@SuppressWarnings("unchecked")
	private static Promise<Connection> promise(Map<String, Object> context) {
		return (Promise<Connection>) context.get(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY);
	}

	@Override
	public String toString() {
		return "NamedPipeClientTransport[" + this.endPoint + "]";
	}

}
