package dev.namedpipe.jetty;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.spi.SelectableConnection;

/**
 * A Jetty connector that serves its connection factories (HTTP/1.1 by default, HTTP/2 with
 * {@code HTTP2CServerConnectionFactory}) over a named pipe of our transport, so the
 * transport's checks (current user only, socket file permissions and placement, first
 * instance) and its observer apply to HTTP connections as to raw ones.
 *
 * <p>Starting binds the pipe with {@link NamedPipeTransport#bind}; a graceful shutdown and
 * stopping close the listener first, so new clients are refused while requests in flight
 * complete. Unix connections go to Jetty's selector as non-blocking channels; any other
 * connection is bridged over its streams (see {@link NamedPipeStreamEndPoint}). Every request
 * carries the client's identity in the {@value PeerIdentityCustomizer#PEER_IDENTITY_ATTRIBUTE}
 * attribute.
 *
 * <p>The transport's {@code max-connections} applies to these connections as to raw ones (a
 * client beyond it never reaches Jetty); its {@code idle-timeout} is refused at start, as
 * Jetty's idle timeout ({@link #setIdleTimeout}) times HTTP connections.
 *
 * <p>Starting configures each factory's {@link HttpConfiguration}: it adds a
 * {@link PeerIdentityCustomizer} if there is none, and sets the server authority, used for
 * requests without a {@code Host} header, to {@code localhost} if it is unset (a pipe has no
 * host name). Give this connector its own configuration (e.g. a copy of the TCP connector's)
 * rather than sharing one.
 */
public class NamedPipeServerConnector extends AbstractConnector {

	private static final Logger logger = LoggerFactory.getLogger(NamedPipeServerConnector.class);

	private static final int ACCEPTORS = 1;

	private static final HostPort DEFAULT_SERVER_AUTHORITY = new HostPort("localhost");

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportOptions options;

	private final NamedPipeTransportObserver observer;

	private final SelectorManager selectorManager;

	private final SocketAddress unixSocketAddress;

	private final Map<SelectableChannel, SelectableConnection> registering = new ConcurrentHashMap<>();

	private volatile NamedPipeConnectionListener listener;

	private volatile Executor readerExecutor;

	private boolean streamEndPointsForced;

	/**
	 * Creates a connector; nothing is bound before it starts.
	 * @param server the server
	 * @param endPoint the pipe to serve
	 * @param options how to bind, secure and buffer the pipe
	 * @param observer what to tell about accepts, rejections and closes (metrics)
	 * @param factories the protocols to serve, HTTP/1.1 when none is given
	 */
	public NamedPipeServerConnector(Server server, NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			NamedPipeTransportObserver observer, ConnectionFactory... factories) {
		super(server, null, null, null, ACCEPTORS,
				(factories.length > 0) ? factories : new ConnectionFactory[] { new HttpConnectionFactory() });
		this.endPoint = Objects.requireNonNull(endPoint, "endPoint");
		this.options = Objects.requireNonNull(options, "options");
		this.observer = Objects.requireNonNull(observer, "observer");
		this.unixSocketAddress = endPoint.platform().isWindows() ? null
				: UnixDomainSocketAddress.of(endPoint.unixSocketPath());
		this.selectorManager = new PipeSelectorManager(getExecutor(), getScheduler());
		installBean(this.selectorManager, true);
	}

	/**
	 * The pipe this connector serves.
	 * @return the endpoint
	 */
	public NamedPipeEndPoint getNamedPipeEndPoint() {
		return this.endPoint;
	}

	/**
	 * The listener while the connector runs, for health and metrics.
	 * @return the listener (closed after a shutdown), or {@code null} before the first start
	 */
	public NamedPipeConnectionListener getListener() {
		return this.listener;
	}

	@Override
	public Object getTransport() {
		return this.listener;
	}

	/**
	 * Serves every connection over its streams, as on platforms without socket channels; lets
	 * tests run that path over Unix connections.
	 * @param forced whether to bypass the selector path
	 */
	void setStreamEndPointsForced(boolean forced) {
		this.streamEndPointsForced = forced;
	}

	@Override
	protected void doStart() throws Exception {
		if (this.options.idleTimeout() != null) {
			throw new InvalidNamedPipeSettingException("idle-timeout", this.options.idleTimeout(),
					"it applies to raw connections, and Jetty's idle timeout times the HTTP connections of this "
							+ "connector",
					"Remove it, and set the connector's idle timeout (server.jetty.connection-idle-timeout in "
							+ "Spring Boot)");
		}
		configureHttp();
		Executor virtualThreads = VirtualThreads.areSupported()
				? VirtualThreads.getNamedVirtualThreadsExecutor("namedpipe-jetty-reader-") : null;
		this.readerExecutor = (virtualThreads != null) ? virtualThreads : getExecutor();
		this.listener = NamedPipeTransport.bind(this.endPoint, this.options, this.observer);
		try {
			super.doStart();
		}
		catch (Exception | Error ex) {
			closeListener();
			throw ex;
		}
	}

	// A request without a Host header (HTTP/1.0, the HTTP/2 prior-knowledge preface) takes
	// the server authority, which Jetty otherwise derives from the local address: a path here.
	private void configureHttp() {
		for (ConnectionFactory factory : getConnectionFactories()) {
			if (factory instanceof HttpConfiguration.ConnectionFactory httpFactory) {
				HttpConfiguration configuration = httpFactory.getHttpConfiguration();
				if (configuration.getCustomizer(PeerIdentityCustomizer.class) == null) {
					configuration.addCustomizer(new PeerIdentityCustomizer());
				}
				if (configuration.getServerAuthority() == null) {
					configuration.setServerAuthority(DEFAULT_SERVER_AUTHORITY);
				}
			}
		}
	}

	@Override
	public CompletableFuture<Void> shutdown() {
		CompletableFuture<Void> done = super.shutdown();
		closeListener();
		return done;
	}

	@Override
	protected void doStop() throws Exception {
		closeListener();
		for (EndPoint connected : getConnectedEndPoints()) {
			if (connected instanceof NamedPipeStreamEndPoint) {
				connected.close();
			}
		}
		super.doStop();
		if (this.readerExecutor != getExecutor() && this.readerExecutor instanceof ExecutorService virtualThreads) {
			virtualThreads.shutdown();
		}
	}

	private void closeListener() {
		NamedPipeConnectionListener current = this.listener;
		if (current != null) {
			current.close();
		}
	}

	@Override
	protected void accept(int acceptorID) throws InterruptedException {
		NamedPipeConnectionListener current = this.listener;
		NamedPipeConnection connection = (current != null) ? current.accept() : null;
		if (connection != null) {
			accepted(connection);
		}
		else if (current != null && current.failure().isPresent()) {
			logger.error("The listener on named pipe '{}' failed; this connector accepts no more connections",
					this.endPoint.name(), current.failure().get());
			setAccepting(false);
		}
	}

	private void accepted(NamedPipeConnection connection) {
		try {
			if (!this.streamEndPointsForced && connection instanceof SelectableConnection selectableConnection) {
				SocketChannel channel = selectableConnection.channel();
				channel.configureBlocking(false);
				this.registering.put(channel, selectableConnection);
				this.selectorManager.accept(channel);
			}
			else {
				openStreamEndPoint(connection);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not serve connection {} on named pipe '{}'", connection.id(), this.endPoint.name(), ex);
			this.registering.values().remove(connection);
			TransportConnections.abort(connection, ex, ConnectionErrorType.SERVER_SHUTDOWN);
		}
	}

	private void openStreamEndPoint(NamedPipeConnection connection) {
		NamedPipeStreamEndPoint endPoint = new NamedPipeStreamEndPoint(connection, getScheduler(), getExecutor(),
				this::onEndPointClosed);
		endPoint.setIdleTimeout(getIdleTimeout());
		Connection httpConnection = getDefaultConnectionFactory().newConnection(this, endPoint);
		endPoint.setConnection(httpConnection);
		endPoint.onOpen();
		onEndPointOpened(endPoint);
		httpConnection.onOpen();
		try {
			this.readerExecutor.execute(endPoint::readLoop);
		}
		catch (RejectedExecutionException ex) {
			endPoint.close(ex);
		}
	}

	@Override
	public String toString() {
		return String.format("%s@%h[%s]", getClass().getSimpleName(), hashCode(), this.endPoint);
	}

	/**
	 * Jetty's selector machinery for the Unix connections, wired to the transport's
	 * connections instead of a server socket.
	 */
	private final class PipeSelectorManager extends SelectorManager {

		PipeSelectorManager(Executor executor, Scheduler scheduler) {
			super(executor, scheduler);
		}

		@Override
		protected EndPoint newEndPoint(SelectableChannel channel, ManagedSelector selector, SelectionKey key) {
			SelectableConnection connection = registering.get(channel);
			NamedPipeChannelEndPoint endPoint = new NamedPipeChannelEndPoint(connection, unixSocketAddress, selector, key,
					getScheduler());
			endPoint.setIdleTimeout(getIdleTimeout());
			return endPoint;
		}

		@Override
		public Connection newConnection(SelectableChannel channel, EndPoint endPoint, Object attachment) {
			return getDefaultConnectionFactory().newConnection(NamedPipeServerConnector.this, endPoint);
		}

		@Override
		protected void onAcceptFailed(SelectableChannel channel, Throwable cause) {
			SelectableConnection connection = registering.remove(channel);
			if (connection != null) {
				TransportConnections.abort(connection, cause, ConnectionErrorType.SERVER_SHUTDOWN);
			}
			super.onAcceptFailed(channel, cause);
		}

		@Override
		protected void endPointOpened(EndPoint endPoint) {
			registering.remove(((NamedPipeChannelEndPoint) endPoint).getChannel());
			super.endPointOpened(endPoint);
			onEndPointOpened(endPoint);
		}

		@Override
		protected void endPointClosed(EndPoint endPoint) {
			onEndPointClosed(endPoint);
			super.endPointClosed(endPoint);
		}

	}

}
