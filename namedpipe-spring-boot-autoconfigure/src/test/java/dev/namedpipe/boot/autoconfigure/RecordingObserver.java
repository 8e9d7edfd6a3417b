package dev.namedpipe.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeTransportObserver;

/**
 * Records how connections ended, to wait for and assert on.
 */
class RecordingObserver implements NamedPipeTransportObserver {

	private final BlockingQueue<ConnectionErrorType> closed = new LinkedBlockingQueue<>();

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		this.closed.add(errorType);
	}

	ConnectionErrorType nextClosed() throws InterruptedException {
		ConnectionErrorType type = this.closed.poll(30, TimeUnit.SECONDS);
		if (type == null) {
			throw new AssertionError("No connection closed within 30 seconds");
		}
		return type;
	}

}
