package dev.namedpipe.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.locks.LockSupport;

import dev.namedpipe.ConnectionErrorType;

/**
 * Aborts a listener's connections that went longer than the idle timeout without a byte
 * through their pipe ({@link ConnectionErrorType#IDLE_TIMEOUT}). One thread per listener
 * looks at the time of each connection's last read or write (recorded by the streams as a
 * plain store) and sleeps until the next one could expire: no thread, timer or object per
 * connection. It wakes at most every sixteenth of the timeout, so a connection is aborted
 * between the timeout and the timeout plus that after its last byte.
 */
public final class IdleConnectionSweeper {

	private static final long MIN_SLEEP_NANOS = 1_000_000;

	private final Collection<AbstractNamedPipeConnection> connections;

	private final long timeoutNanos;

	private final long minSleepNanos;

	private final String reason;

	private final Thread thread;

	private volatile boolean stopping;

	/**
	 * Creates a sweeper; nothing runs before {@link #start()}.
	 * @param connections the listener's open connections, a concurrent collection
	 * @param timeout the idle timeout
	 * @param name what the thread's name ends with, e.g. the endpoint's name
	 */
	public IdleConnectionSweeper(Collection<AbstractNamedPipeConnection> connections, Duration timeout, String name) {
		this.connections = connections;
		// Saturated: a timeout of centuries is no timeout.
		this.timeoutNanos = (timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) < 0) ? timeout.toNanos()
				: Long.MAX_VALUE;
		this.minSleepNanos = Math.max(MIN_SLEEP_NANOS, this.timeoutNanos / 16);
		this.reason = "No byte was read or written for the idle-timeout of " + timeout;
		this.thread = new Thread(this::run, "namedpipe-idle-" + name);
		this.thread.setDaemon(true);
	}

	/**
	 * Starts sweeping.
	 */
	public void start() {
		this.thread.start();
	}

	/**
	 * Stops once no connection is left: connections handed out before the listener closed
	 * keep their idle timeout.
	 */
	public void stopWhenDrained() {
		this.stopping = true;
		LockSupport.unpark(this.thread);
	}

	private void run() {
		while (!this.stopping || !this.connections.isEmpty()) {
			LockSupport.parkNanos(this, sweep(System.nanoTime()));
		}
	}

	// Aborts the expired connections; returns how long to sleep until the next could expire.
	private long sweep(long now) {
		long sleep = this.timeoutNanos;
		for (AbstractNamedPipeConnection connection : this.connections) {
			long idle = connection.idleNanos(now);
			if (idle >= this.timeoutNanos) {
				connection.abort(this.reason, ConnectionErrorType.IDLE_TIMEOUT);
			}
			else {
				sleep = Math.min(sleep, this.timeoutNanos - idle);
			}
		}
		return Math.max(sleep, this.minSleepNanos);
	}

}
