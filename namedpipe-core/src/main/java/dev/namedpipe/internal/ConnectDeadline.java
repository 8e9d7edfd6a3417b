package dev.namedpipe.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.namedpipe.NamedPipeEndPoint;

/**
 * A client's wait for a server: the time left, a timeout that names the pipe, and a pause
 * that doubles from 1 ms to 50 ms between attempts. Shared by the Unix and Windows clients.
 * Internal.
 */
public final class ConnectDeadline {

	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final NamedPipeEndPoint endPoint;

	private final Duration timeout;

	private final long deadline;

	private long pause = TimeUnit.MILLISECONDS.toNanos(1);

	public ConnectDeadline(NamedPipeEndPoint endPoint, Duration timeout) {
		this.endPoint = endPoint;
		this.timeout = timeout;
		this.deadline = System.nanoTime() + timeout.toNanos();
	}

	/**
	 * The time left for another attempt.
	 * @param lastFailure why the last attempt failed, the cause of the timeout
	 * @return nanoseconds left, more than zero
	 * @throws ConnectException when the time is up
	 */
	public long remaining(IOException lastFailure) throws ConnectException {
		long left = this.deadline - System.nanoTime();
		if (left <= 0) {
			ConnectException timedOut = new ConnectException("No server accepted on named pipe '"
					+ this.endPoint.name() + "' (" + this.endPoint.address() + ") within " + this.timeout);
			timedOut.initCause(lastFailure);
			throw timedOut;
		}
		return left;
	}

	/**
	 * Pauses before the next attempt, never past the deadline.
	 * @param left the time left, from {@link #remaining}
	 */
	public void pause(long left) {
		LockSupport.parkNanos(Math.min(this.pause, left));
		this.pause = Math.min(this.pause * 2, MAX_PAUSE_NANOS);
	}

}
