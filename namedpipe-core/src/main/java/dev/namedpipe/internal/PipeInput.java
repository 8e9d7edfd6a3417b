package dev.namedpipe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * A connection's input stream: reads go to the pipe on the reading thread, one reader at a
 * time. Reads smaller than the read-ahead limit ({@code min(max-read-buffer-size, 8 KiB)})
 * fill the read-ahead buffer and are served from it; larger ones go straight into the caller's
 * array. The buffer starts at {@value #FIRST_READ_AHEAD_BYTES} bytes and doubles, up to the
 * limit, each time the pipe fills it: a connection that exchanges a few bytes does not pay for
 * 8 KiB. Nothing is read from the pipe unless the application reads, so a peer that writes
 * faster than the application reads fills the operating system's pipe buffer and then blocks.
 */
final class PipeInput extends InputStream {

	static final int MAX_READ_AHEAD_BYTES = 8 * 1024;

	private static final int FIRST_READ_AHEAD_BYTES = 512;

	private final AbstractNamedPipeConnection connection;

	private final ReentrantLock lock = new ReentrantLock();

	private final int readAheadLimit;

	private byte @Nullable [] readAhead;

	private int position;

	private volatile int limit;

	private boolean endOfStream;

	PipeInput(AbstractNamedPipeConnection connection, long maxReadBufferSize) {
		this.connection = connection;
		this.readAheadLimit = (int) ((maxReadBufferSize == 0) ? MAX_READ_AHEAD_BYTES
				: Math.min(maxReadBufferSize, MAX_READ_AHEAD_BYTES));
	}

	/**
	 * The bytes read from the pipe that the application has not consumed yet.
	 * @return the count
	 */
	int bufferedBytes() {
		return this.limit - this.position;
	}

	@Override
	public int read() throws IOException {
		this.lock.lock();
		try {
			if (this.position >= this.limit) {
				if (refill() <= 0) {
					return -1;
				}
			}
			else {
				this.connection.failIfAborted(null);
			}
			byte[] buffer = Objects.requireNonNull(this.readAhead);
			return buffer[this.position++] & 0xFF;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			return 0;
		}
		this.lock.lock();
		try {
			if (this.position >= this.limit) {
				if (length >= this.readAheadLimit) {
					int count = failIfEnded();
					return (count < 0) ? count : fill(ByteBuffer.wrap(bytes, offset, length));
				}
				int count = refill();
				if (count <= 0) {
					return count;
				}
			}
			else {
				this.connection.failIfAborted(null);
			}
			return take(bytes, offset, length);
		}
		finally {
			this.lock.unlock();
		}
	}

	// With the lock held and nothing read ahead: -1 at the end of the stream, else 0.
	private int failIfEnded() throws IOException {
		this.connection.failIfAborted(null);
		return (this.endOfStream || this.connection.hasEnded()) ? -1 : 0;
	}

	// With the lock held and nothing read ahead: reads into the read-ahead buffer.
	private int refill() throws IOException {
		int ended = failIfEnded();
		if (ended < 0) {
			return ended;
		}
		byte[] buffer = readAheadBuffer();
		int count = fill(ByteBuffer.wrap(buffer));
		if (count > 0) {
			this.position = 0;
			this.limit = count;
		}
		return count;
	}

	// Empty here (everything read ahead was taken): a buffer the last read filled is replaced by
	// one twice its size, without a copy.
	private byte[] readAheadBuffer() {
		byte[] current = this.readAhead;
		if (current == null) {
			current = new byte[Math.min(FIRST_READ_AHEAD_BYTES, this.readAheadLimit)];
			this.readAhead = current;
		}
		else if (this.limit == current.length && current.length < this.readAheadLimit) {
			current = new byte[Math.min(current.length * 2, this.readAheadLimit)];
			this.readAhead = current;
		}
		return current;
	}

	private int fill(ByteBuffer target) throws IOException {
		int count = this.connection.readPipe(target);
		if (count < 0) {
			this.endOfStream = true;
		}
		return count;
	}

	private int take(byte[] bytes, int offset, int length) {
		int count = Math.min(length, this.limit - this.position);
		System.arraycopy(this.readAhead, this.position, bytes, offset, count);
		this.position += count;
		return count;
	}

	@Override
	public int available() {
		return bufferedBytes();
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
