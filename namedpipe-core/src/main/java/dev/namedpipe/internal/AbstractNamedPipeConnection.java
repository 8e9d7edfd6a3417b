package dev.namedpipe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.namedpipe.ConnectionAbortedException;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;

/**
 * The platform-independent part of a connection: streams, buffer limits, close and abort
 * semantics, byte counts. A platform supplies four blocking primitives on its pipe handle.
 *
 * <p>Reads go to the pipe on the reading thread; small reads are served from a read-ahead
 * buffer of at most {@code min(max-read-buffer-size, 8 KiB)} bytes, larger ones go straight
 * into the caller's array. Writes collect in a buffer of at most
 * {@code max-write-buffer-size} bytes; when the next write would pass the limit the buffer
 * is written to the pipe first, blocking the writer until the pipe has taken it (the pipe's
 * own buffer full means the peer is not reading: back-pressure). A write of at least
 * {@code min(max-write-buffer-size, 8 KiB)} bytes finding the buffer empty goes to the pipe as
 * it is, without a copy.
 *
 * <p>A server that drives the pipe itself (e.g. on its own selector, see
 * {@link #recordTransferred}) never uses the streams, so their locks are created on first
 * use, and the counters and states are fields rather than atomic objects: thousands of idle
 * connections keep only what they use.
 */
public abstract class AbstractNamedPipeConnection implements NamedPipeConnection {

	private static final int READ_AHEAD_BYTES = 8 * 1024;

	private static final int INITIAL_WRITE_BUFFER_BYTES = 8 * 1024;

	private static final VarHandle BYTES_READ;

	private static final VarHandle BYTES_WRITTEN;

	private static final VarHandle CLOSING;

	private static final VarHandle ABORT_REASON;

	private static final VarHandle FAILURE;

	private static final VarHandle STREAMS;

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			BYTES_READ = lookup.findVarHandle(AbstractNamedPipeConnection.class, "bytesRead", long.class);
			BYTES_WRITTEN = lookup.findVarHandle(AbstractNamedPipeConnection.class, "bytesWritten", long.class);
			CLOSING = lookup.findVarHandle(AbstractNamedPipeConnection.class, "closing", boolean.class);
			ABORT_REASON = lookup.findVarHandle(AbstractNamedPipeConnection.class, "abortReason", String.class);
			FAILURE = lookup.findVarHandle(AbstractNamedPipeConnection.class, "failure", ConnectionErrorType.class);
			STREAMS = lookup.findVarHandle(AbstractNamedPipeConnection.class, "streams", PipeStreams.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String id = ConnectionIds.next();

	private final NamedPipeEndPoint endPoint;

	private final PeerIdentity peer;

	private final int readAheadLimit;

	private final int writeBufferLimit;

	private final int directWriteThreshold;

	private final long startNanos = System.nanoTime();

	private volatile long endNanos;

	private byte[] readAhead;

	private int readPosition;

	private int readLimit;

	private boolean endOfStream;

	private byte[] writeBuffer;

	private volatile int writeCount;

	private volatile long bytesRead;

	private volatile long bytesWritten;

	private volatile boolean closing;

	private volatile boolean pipeReleased;

	private volatile String abortReason;

	private volatile ConnectionErrorType failure;

	private final CompletableFuture<ConnectionErrorType> closed = new CompletableFuture<>();

	private volatile PipeStreams streams;

	/**
	 * Creates a connection.
	 * @param endPoint the endpoint it belongs to
	 * @param peer the peer's identity
	 * @param options the buffer limits to apply
	 */
	protected AbstractNamedPipeConnection(NamedPipeEndPoint endPoint, PeerIdentity peer,
			NamedPipeTransportOptions options) {
		this.endPoint = Objects.requireNonNull(endPoint, "endPoint");
		this.peer = Objects.requireNonNull(peer, "peer");
		long maxRead = options.maxReadBufferSize();
		this.readAheadLimit = (int) ((maxRead == 0) ? READ_AHEAD_BYTES : Math.min(maxRead, READ_AHEAD_BYTES));
		long maxWrite = options.maxWriteBufferSize();
		this.writeBufferLimit = (int) ((maxWrite == 0) ? Integer.MAX_VALUE - 8 : maxWrite);
		this.directWriteThreshold = Math.min(this.writeBufferLimit, INITIAL_WRITE_BUFFER_BYTES);
	}

	/**
	 * Reads available bytes, blocking until at least one arrives or the stream ends.
	 * @param target where to put them
	 * @return the count read, or -1 at end of stream
	 * @throws IOException when the pipe fails or was released
	 */
	protected abstract int readFromPipe(ByteBuffer target) throws IOException;

	/**
	 * Writes every remaining byte, blocking while the pipe is full.
	 * @param source the bytes
	 * @throws IOException when the pipe fails or was released
	 */
	protected abstract void writeToPipe(ByteBuffer source) throws IOException;

	/**
	 * Ends the output after everything written reached the pipe, so that the peer reads end
	 * of stream once it has read the last byte.
	 * @throws IOException when the pipe fails
	 */
	protected abstract void shutdownPipeOutput() throws IOException;

	/**
	 * Releases the pipe; blocked reads and writes on other threads must return or fail
	 * promptly. Called once.
	 * @throws IOException when releasing fails
	 */
	protected abstract void releasePipe() throws IOException;

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public NamedPipeEndPoint endPoint() {
		return this.endPoint;
	}

	@Override
	public PeerIdentity peer() {
		return this.peer;
	}

	@Override
	public InputStream inputStream() {
		return streams().input;
	}

	@Override
	public OutputStream outputStream() {
		return streams().output;
	}

	@Override
	public boolean isOpen() {
		return !this.closing;
	}

	@Override
	public CompletionStage<ConnectionErrorType> closed() {
		return this.closed.minimalCompletionStage();
	}

	/**
	 * Runs an action once the connection has ended, with how it ended: what {@link #closed()}
	 * offers, without the copy of the stage it makes for callers outside the transport (the
	 * listener's bookkeeping of every connection).
	 * @param action what to run, on the thread that ends the connection (or at once if it has
	 * ended)
	 */
	public void whenClosed(Consumer<ConnectionErrorType> action) {
		this.closed.thenAccept(action);
	}

	@Override
	public Duration duration() {
		long end = this.closed.isDone() ? this.endNanos : System.nanoTime();
		return Duration.ofNanos(end - this.startNanos);
	}

	@Override
	public long bytesRead() {
		return this.bytesRead;
	}

	@Override
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/**
	 * The bytes read from the pipe that the application has not consumed yet.
	 * @return the read-ahead byte count
	 */
	public int bufferedReadBytes() {
		return this.readLimit - this.readPosition;
	}

	/**
	 * The bytes written by the application that have not gone to the pipe yet.
	 * @return the buffered byte count
	 */
	public int bufferedWriteBytes() {
		return this.writeCount;
	}

	/**
	 * Counts bytes that a server moved over the pipe itself, bypassing this connection's
	 * streams (see {@link dev.namedpipe.spi.SelectableConnection}).
	 * @param read bytes read from the pipe
	 * @param written bytes written to the pipe
	 */
	public void recordTransferred(long read, long written) {
		BYTES_READ.getAndAdd(this, read);
		BYTES_WRITTEN.getAndAdd(this, written);
	}

	@Override
	public void close() {
		if (!CLOSING.compareAndSet(this, false, true)) {
			return;
		}
		ReentrantLock writeLock = streams().writeLock;
		writeLock.lock();
		try {
			if (this.abortReason == null) {
				flushBuffer();
				shutdownPipeOutput();
			}
		}
		catch (IOException ex) {
			recordFailure(ex);
		}
		finally {
			writeLock.unlock();
		}
		release();
		ConnectionErrorType type = this.failure;
		finish((type != null) ? type : ConnectionErrorType.NONE);
	}

	@Override
	public void abort(String reason) {
		abort(reason, ConnectionErrorType.ABORTED_BY_APP);
	}

	@Override
	public void abort(String reason, ConnectionErrorType type) {
		Objects.requireNonNull(type, "type");
		if (!ABORT_REASON.compareAndSet(this, null, Objects.requireNonNullElse(reason, "aborted"))) {
			return;
		}
		FAILURE.compareAndSet(this, null, type);
		this.closing = true;
		release();
		finish(this.failure);
	}

	private void release() {
		synchronized (this) {
			if (this.pipeReleased) {
				return;
			}
			this.pipeReleased = true;
		}
		try {
			releasePipe();
		}
		catch (IOException ex) {
			TransportLog.connectionError(this.id, ex);
		}
	}

	private void finish(ConnectionErrorType type) {
		this.endNanos = System.nanoTime();
		if (this.closed.complete(type)) {
			TransportLog.connectionDisconnect(this.id, type.tag());
		}
	}

	private void recordFailure(IOException ex) {
		if (FAILURE.compareAndSet(this, null, ConnectionErrorType.IO_ERROR)) {
			TransportLog.connectionError(this.id, ex);
		}
	}

	private int read(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			return 0;
		}
		ReentrantLock readLock = streams().readLock;
		readLock.lock();
		try {
			failIfAborted(null);
			if (this.readPosition < this.readLimit) {
				return takeReadAhead(bytes, offset, length);
			}
			if (this.endOfStream || this.pipeReleased) {
				return -1;
			}
			if (length >= this.readAheadLimit) {
				return readPipe(ByteBuffer.wrap(bytes, offset, length));
			}
			if (this.readAhead == null) {
				this.readAhead = new byte[this.readAheadLimit];
			}
			int count = readPipe(ByteBuffer.wrap(this.readAhead));
			if (count <= 0) {
				return count;
			}
			this.readPosition = 0;
			this.readLimit = count;
			return takeReadAhead(bytes, offset, length);
		}
		finally {
			readLock.unlock();
		}
	}

	private int takeReadAhead(byte[] bytes, int offset, int length) {
		int count = Math.min(length, this.readLimit - this.readPosition);
		System.arraycopy(this.readAhead, this.readPosition, bytes, offset, count);
		this.readPosition += count;
		return count;
	}

	private int readPipe(ByteBuffer target) throws IOException {
		int count;
		try {
			count = readFromPipe(target);
		}
		catch (IOException ex) {
			failIfAborted(ex);
			if (this.pipeReleased) {
				this.endOfStream = true;
				return -1;
			}
			recordFailure(ex);
			throw ex;
		}
		if (count < 0) {
			this.endOfStream = true;
			TransportLog.connectionReadEnd(this.id);
			return -1;
		}
		BYTES_READ.getAndAdd(this, (long) count);
		return count;
	}

	private void failIfAborted(IOException cause) throws ConnectionAbortedException {
		String reason = this.abortReason;
		if (reason != null) {
			throw new ConnectionAbortedException(reason, cause);
		}
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		ReentrantLock writeLock = streams().writeLock;
		writeLock.lock();
		try {
			if (this.abortReason != null) {
				return;
			}
			if (this.pipeReleased) {
				throw new IOException("Connection " + this.id + " is closed");
			}
			if (this.writeCount > 0 && this.writeCount + (long) length > this.writeBufferLimit) {
				TransportLog.connectionPause(this.id, this.writeCount);
				flushBuffer();
				TransportLog.connectionResume(this.id);
			}
			if (this.writeCount == 0 && length >= this.directWriteThreshold) {
				// Copying a large write into the buffer would only delay it: send it as it is.
				writePipe(ByteBuffer.wrap(bytes, offset, length));
				return;
			}
			ensureWriteCapacity(this.writeCount + length);
			System.arraycopy(bytes, offset, this.writeBuffer, this.writeCount, length);
			this.writeCount += length;
		}
		finally {
			writeLock.unlock();
		}
	}

	private void ensureWriteCapacity(int needed) {
		int capacity = (this.writeBuffer != null) ? this.writeBuffer.length : 0;
		if (needed <= capacity) {
			return;
		}
		int grown = Math.max(needed, Math.max(INITIAL_WRITE_BUFFER_BYTES, capacity * 2));
		int limited = Math.min(grown, this.writeBufferLimit);
		this.writeBuffer = (this.writeBuffer != null) ? Arrays.copyOf(this.writeBuffer, limited) : new byte[limited];
	}

	private void flushBuffer() throws IOException {
		if (this.writeCount == 0 || this.abortReason != null) {
			return;
		}
		try {
			writePipe(ByteBuffer.wrap(this.writeBuffer, 0, this.writeCount));
		}
		finally {
			this.writeCount = 0;
		}
	}

	private void writePipe(ByteBuffer source) throws IOException {
		int length = source.remaining();
		try {
			writeToPipe(source);
			BYTES_WRITTEN.getAndAdd(this, (long) length);
		}
		catch (IOException ex) {
			if (this.abortReason != null) {
				return;
			}
			recordFailure(ex);
			throw ex;
		}
	}

	private void flush() throws IOException {
		ReentrantLock writeLock = streams().writeLock;
		writeLock.lock();
		try {
			if (this.pipeReleased && this.abortReason == null && this.writeCount > 0) {
				throw new IOException("Connection " + this.id + " is closed");
			}
			flushBuffer();
		}
		finally {
			writeLock.unlock();
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[id=" + this.id + ", endPoint=" + this.endPoint + ", peer=" + this.peer
				+ "]";
	}

	private PipeStreams streams() {
		PipeStreams current = this.streams;
		if (current == null) {
			PipeStreams created = new PipeStreams();
			current = STREAMS.compareAndSet(this, null, created) ? created : this.streams;
		}
		return current;
	}

	/**
	 * The streams and their locks, created when first used.
	 */
	private final class PipeStreams {

		private final ReentrantLock readLock = new ReentrantLock();

		private final ReentrantLock writeLock = new ReentrantLock();

		private final InputStream input = new PipeInputStream();

		private final OutputStream output = new PipeOutputStream();

	}

	private final class PipeInputStream extends InputStream {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int count = AbstractNamedPipeConnection.this.read(one, 0, 1);
			return (count == 1) ? (one[0] & 0xFF) : -1;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			return AbstractNamedPipeConnection.this.read(bytes, offset, length);
		}

		@Override
		public int available() {
			return bufferedReadBytes();
		}

		@Override
		public void close() {
			AbstractNamedPipeConnection.this.close();
		}

	}

	private final class PipeOutputStream extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			AbstractNamedPipeConnection.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			AbstractNamedPipeConnection.this.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			AbstractNamedPipeConnection.this.flush();
		}

		@Override
		public void close() {
			AbstractNamedPipeConnection.this.close();
		}

	}

}
