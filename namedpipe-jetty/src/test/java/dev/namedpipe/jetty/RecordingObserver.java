package dev.namedpipe.jetty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.RejectionReason;

/**
 * Records what the transport reports, as the metrics binder would see it.
 */
class RecordingObserver implements NamedPipeTransportObserver {

	final AtomicInteger accepted = new AtomicInteger();

	final List<ConnectionErrorType> closed = new CopyOnWriteArrayList<>();

	final List<RejectionReason> rejected = new CopyOnWriteArrayList<>();

	final AtomicLong closedBytesRead = new AtomicLong();

	final AtomicLong closedBytesWritten = new AtomicLong();

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		this.accepted.incrementAndGet();
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		this.rejected.add(reason);
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		this.closedBytesRead.addAndGet(connection.bytesRead());
		this.closedBytesWritten.addAndGet(connection.bytesWritten());
		this.closed.add(errorType);
	}

}
