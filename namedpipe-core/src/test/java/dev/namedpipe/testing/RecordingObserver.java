package dev.namedpipe.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.RejectionReason;

import static org.awaitility.Awaitility.await;

/**
 * Records what the transport reports, as the metrics binder would see it, for the tests of
 * every module (shipped to them in namedpipe-core's test jar).
 */
public class RecordingObserver implements NamedPipeTransportObserver {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger brokenPipes = new AtomicInteger();

	private final AtomicInteger listenerAborts = new AtomicInteger();

	private final List<String> rejections = new CopyOnWriteArrayList<>();

	private final List<ConnectionErrorType> closed = new CopyOnWriteArrayList<>();

	private final AtomicInteger closedTaken = new AtomicInteger();

	private final LongAdder closedBytesRead = new LongAdder();

	private final LongAdder closedBytesWritten = new LongAdder();

	@Override
	public void connectionAccepted(NamedPipeConnection connection) {
		this.accepted.incrementAndGet();
	}

	@Override
	public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
		this.brokenPipes.incrementAndGet();
	}

	@Override
	public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
		this.rejections.add(reason.tag() + ": " + message);
	}

	@Override
	public void connectionClosed(NamedPipeConnection connection, Duration duration, ConnectionErrorType errorType) {
		this.closedBytesRead.add(connection.bytesRead());
		this.closedBytesWritten.add(connection.bytesWritten());
		this.closed.add(errorType);
	}

	@Override
	public void listenerAborted(NamedPipeEndPoint endPoint, Throwable cause) {
		this.listenerAborts.incrementAndGet();
	}

	/**
	 * The connections accepted so far.
	 * @return the count
	 */
	public int accepted() {
		return this.accepted.get();
	}

	/**
	 * The broken pipes reported so far.
	 * @return the count
	 */
	public int brokenPipes() {
		return this.brokenPipes.get();
	}

	/**
	 * The fatal listener errors reported so far.
	 * @return the count
	 */
	public int listenerAborts() {
		return this.listenerAborts.get();
	}

	/**
	 * The refused clients, in order.
	 * @return each as {@code "<reason tag>: <message>"}
	 */
	public List<String> rejections() {
		return this.rejections;
	}

	/**
	 * How the connections closed so far ended, in order.
	 * @return the error types (a live view)
	 */
	public List<ConnectionErrorType> closed() {
		return this.closed;
	}

	/**
	 * How many of the connections closed so far ended a way.
	 * @param errorType the way
	 * @return the count
	 */
	public long closed(ConnectionErrorType errorType) {
		return this.closed.stream().filter(errorType::equals).count();
	}

	/**
	 * Waits for the next close that this method has not returned yet.
	 * @return how that connection ended
	 * @throws org.awaitility.core.ConditionTimeoutException when none comes within 30 seconds
	 */
	public ConnectionErrorType nextClosed() {
		int next = this.closedTaken.getAndIncrement();
		await().atMost(WAIT).until(() -> this.closed.size() > next);
		return this.closed.get(next);
	}

	/**
	 * Bytes read from the connections closed so far.
	 * @return the sum
	 */
	public long closedBytesRead() {
		return this.closedBytesRead.sum();
	}

	/**
	 * Bytes written to the connections closed so far.
	 * @return the sum
	 */
	public long closedBytesWritten() {
		return this.closedBytesWritten.sum();
	}

}
