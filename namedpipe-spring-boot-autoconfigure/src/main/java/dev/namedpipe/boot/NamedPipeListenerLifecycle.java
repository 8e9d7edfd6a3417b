package dev.namedpipe.boot;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import dev.namedpipe.NamedPipeConnectionDispatcher;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;

/**
 * Binds the raw named-pipe endpoints once the application context is refreshed, serving
 * each with a {@link NamedPipeConnectionDispatcher}, and unbinds them before the beans they
 * use are destroyed. Stopping stops accepting on every endpoint at once (the names are
 * released), lets open connections finish for up to each endpoint's
 * {@code shutdown-timeout}, then aborts the rest. While it runs, a non-daemon thread keeps the
 * JVM alive, as Spring Boot's web servers do: the transport's own threads are daemons, so an
 * application without a web server would otherwise end as its {@code main} returns.
 */
public class NamedPipeListenerLifecycle implements SmartLifecycle {

	/**
	 * The phase: as late as Spring Boot's web server on start, as early on stop.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final String KEEP_ALIVE_THREAD_NAME = "namedpipe-keep-alive";

	private static final Log logger = LogFactory.getLog(NamedPipeListenerLifecycle.class);

	private final List<RawEndpoint> endpoints;

	private final Executor executor;

	private final NamedPipeListeners listeners;

	private final Supplier<NamedPipeTransportObserver> observer;

	private final List<NamedPipeConnectionDispatcher> dispatchers = new ArrayList<>();

	private volatile boolean running;

	private volatile @Nullable Thread keepAlive;

	/**
	 * Creates the lifecycle of a set of raw endpoints.
	 * @param endpoints the endpoints to bind, in order
	 * @param handlers the handler of each endpoint, asked for once per endpoint here
	 * @param executor runs the handlers, one task per connection
	 * @param listeners where to register the bound listeners (health, metrics)
	 * @param observer the transport observer, asked for on each start
	 */
	public NamedPipeListenerLifecycle(List<NamedPipeEndpointDefinition> endpoints,
			Function<NamedPipeEndpointDefinition, NamedPipeConnectionHandler> handlers, Executor executor,
			NamedPipeListeners listeners, Supplier<NamedPipeTransportObserver> observer) {
		this.endpoints = endpoints.stream()
			.map((endpoint) -> new RawEndpoint(endpoint, handlers.apply(endpoint)))
			.toList();
		this.executor = executor;
		this.listeners = listeners;
		this.observer = observer;
	}

	@Override
	public void start() {
		NamedPipeTransportObserver transportObserver = this.observer.get();
		for (RawEndpoint raw : this.endpoints) {
			NamedPipeEndpointDefinition endpoint = raw.definition();
			try {
				NamedPipeConnectionListener listener = NamedPipeTransport.bind(endpoint.endPoint(), endpoint.options(),
						transportObserver);
				this.listeners.register(endpoint.id(), listener);
				this.dispatchers.add(NamedPipeConnectionDispatcher.start(listener, raw.handler(), this.executor));
			}
			catch (IOException | RuntimeException ex) {
				shutdownAll((definition) -> Duration.ZERO);
				throw endpoint.bindFailure(ex);
			}
			logger.info("Named pipe endpoint '" + endpoint.id() + "' listening on " + endpoint.endPoint());
		}
		this.running = true;
		if (!this.dispatchers.isEmpty()) {
			this.keepAlive = startKeepAlive();
		}
	}

	// Parks until stop() interrupts it.
	private static Thread startKeepAlive() {
		Thread thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				LockSupport.park();
			}
		}, KEEP_ALIVE_THREAD_NAME);
		thread.setDaemon(false);
		thread.start();
		return thread;
	}

	@Override
	public void stop() {
		shutdownAll(NamedPipeEndpointDefinition::shutdownTimeout);
		this.running = false;
		Thread current = this.keepAlive;
		if (current != null) {
			current.interrupt();
			this.keepAlive = null;
		}
	}

	// Stops accepting everywhere first, so that the drain timeouts run at the same time.
	private void shutdownAll(Function<NamedPipeEndpointDefinition, Duration> drainTimeouts) {
		this.dispatchers.forEach((dispatcher) -> dispatcher.listener().close());
		long start = System.nanoTime();
		for (int i = 0; i < this.dispatchers.size(); i++) {
			NamedPipeEndpointDefinition endpoint = this.endpoints.get(i).definition();
			Duration timeout = drainTimeouts.apply(endpoint);
			Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - start));
			try {
				if (!this.dispatchers.get(i).shutdown(left.isNegative() ? Duration.ZERO : left)) {
					logger.info("Named pipe endpoint '" + endpoint.id()
							+ "' aborted the connections still open after " + timeout);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.dispatchers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private record RawEndpoint(NamedPipeEndpointDefinition definition, NamedPipeConnectionHandler handler) {
	}

}
