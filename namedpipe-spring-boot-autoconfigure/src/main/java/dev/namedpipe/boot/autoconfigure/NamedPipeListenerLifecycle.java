package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;

import dev.namedpipe.NamedPipeTransportObserver;

/**
 * Binds the raw named-pipe endpoints once the application context is refreshed and unbinds
 * them before the beans they use are destroyed. Stopping stops accepting on every endpoint
 * at once (the names are released), lets open connections finish for up to each endpoint's
 * {@code shutdown-timeout}, then aborts the rest.
 */
public class NamedPipeListenerLifecycle implements SmartLifecycle {

	/**
	 * The phase: as late as Spring Boot's web server on start, as early on stop.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final List<NamedPipeConnectionDispatcher> dispatchers;

	private final NamedPipeListeners listeners;

	private final Supplier<NamedPipeTransportObserver> observer;

	private volatile boolean running;

	NamedPipeListenerLifecycle(List<NamedPipeConnectionDispatcher> dispatchers, NamedPipeListeners listeners,
			Supplier<NamedPipeTransportObserver> observer) {
		this.dispatchers = List.copyOf(dispatchers);
		this.listeners = listeners;
		this.observer = observer;
	}

	@Override
	public void start() {
		NamedPipeTransportObserver transportObserver = this.observer.get();
		for (NamedPipeConnectionDispatcher dispatcher : this.dispatchers) {
			try {
				this.listeners.register(dispatcher.endpoint().id(), dispatcher.start(transportObserver));
			}
			catch (IOException | RuntimeException ex) {
				shutdownAll(Duration.ZERO);
				throw dispatcher.endpoint().bindFailure(ex);
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		shutdownAll(null);
		this.running = false;
	}

	// Stops accepting everywhere first, so that the drain timeouts run at the same time.
	private void shutdownAll(Duration drainTimeout) {
		this.dispatchers.forEach(NamedPipeConnectionDispatcher::stopAccepting);
		long start = System.nanoTime();
		for (NamedPipeConnectionDispatcher dispatcher : this.dispatchers) {
			Duration timeout = (drainTimeout != null) ? drainTimeout : dispatcher.endpoint().shutdownTimeout();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			Duration left = timeout.minus(elapsed);
			dispatcher.shutdown(left.isNegative() ? Duration.ZERO : left);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
