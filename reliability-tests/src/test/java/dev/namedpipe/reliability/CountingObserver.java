package dev.namedpipe.reliability;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.RejectionReason;

/** Counts what a listener reports, as the metrics would. */
class CountingObserver implements NamedPipeTransportObserver {

	final AtomicInteger accepted = new AtomicInteger();

	final AtomicInteger pipeBroken = new AtomicInteger();

	final AtomicInteger rejected = new AtomicInteger();

	final AtomicInteger listenerAborted = new AtomicInteger();

	final Map<ConnectionErrorType, LongAdder> closed = new ConcurrentHashMap<>();

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		this.accepted.incrementAndGet();
	}

	@Override
	public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
		this.pipeBroken.incrementAndGet();
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		this.rejected.incrementAndGet();
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		this.closed.computeIfAbsent(errorType, (type) -> new LongAdder()).increment();
	}

	@Override
	public void listenerAborted(NamedPipeEndPoint endPoint, Throwable cause) {
		this.listenerAborted.incrementAndGet();
	}

	long closed(ConnectionErrorType errorType) {
		LongAdder count = this.closed.get(errorType);
		return (count != null) ? count.sum() : 0;
	}

}
