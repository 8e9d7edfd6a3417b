package dev.namedpipe.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * A connection's output stream: writes collect in a buffer of at most
 * {@code max-write-buffer-size} bytes; when the next write would pass the limit the buffer
 * goes to the pipe first, blocking the writer until the pipe has taken it (a full pipe means
 * the peer is not reading: back-pressure). A write of at least
 * {@code min(max-write-buffer-size, 8 KiB)} bytes that finds the buffer empty goes to the
 * pipe as it is, without a copy. The buffer starts at {@value #FIRST_BUFFER_BYTES} bytes (or
 * the first write's size) and doubles as needed. One writer at a time.
 */
final class PipeOutput extends OutputStream {

	private static final int DIRECT_WRITE_BYTES = 8 * 1024;

	private static final int FIRST_BUFFER_BYTES = 512;

	private final AbstractNamedPipeConnection connection;

	private final ReentrantLock lock = new ReentrantLock();

	private final int limit;

	private final int directWriteThreshold;

	private byte @Nullable [] buffer;

	private volatile int count;

	PipeOutput(AbstractNamedPipeConnection connection, long maxWriteBufferSize) {
		this.connection = connection;
		this.limit = (int) ((maxWriteBufferSize == 0) ? Integer.MAX_VALUE - 8 : maxWriteBufferSize);
		this.directWriteThreshold = Math.min(this.limit, DIRECT_WRITE_BYTES);
	}

	/**
	 * The bytes written by the application that have not gone to the pipe yet.
	 * @return the count
	 */
	int bufferedBytes() {
		return this.count;
	}

	@Override
	public void write(int b) throws IOException {
		this.lock.lock();
		try {
			if (makeRoom(1)) {
				byte[] target = ensureCapacity(this.count + 1);
				target[this.count] = (byte) b;
				this.count++;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		this.lock.lock();
		try {
			if (!makeRoom(length) || length == 0) {
				return;
			}
			if (this.count == 0 && length >= this.directWriteThreshold) {
				// Copying a large write into the buffer would only delay it: send it as it is.
				this.connection.writePipe(ByteBuffer.wrap(bytes, offset, length));
				return;
			}
			byte[] target = ensureCapacity(this.count + length);
			System.arraycopy(bytes, offset, target, this.count, length);
			this.count += length;
		}
		finally {
			this.lock.unlock();
		}
	}

	// With the lock held: false when the write is to be dropped (aborted), else sends the
	// buffer first when the write would pass the limit. Writing to a closed connection fails.
	private boolean makeRoom(int length) throws IOException {
		if (this.connection.isAborted()) {
			return false;
		}
		if (this.connection.hasEnded()) {
			throw this.connection.closedException();
		}
		if (this.count > 0 && this.count + (long) length > this.limit) {
			TransportLog.connectionPause(this.connection, this.count);
			send();
			TransportLog.connectionResume(this.connection);
		}
		return true;
	}

	@Override
	public void flush() throws IOException {
		this.lock.lock();
		try {
			if (this.connection.hasEnded() && !this.connection.isAborted() && this.count > 0) {
				throw this.connection.closedException();
			}
			send();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sends what is buffered as the connection closes, after a write in progress on another
	 * thread (nothing is sent once the connection was aborted).
	 * @throws IOException when the pipe fails
	 */
	void sendRemaining() throws IOException {
		this.lock.lock();
		try {
			send();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void send() throws IOException {
		byte[] pending = this.buffer;
		if (this.count == 0 || pending == null || this.connection.isAborted()) {
			return;
		}
		try {
			this.connection.writePipe(ByteBuffer.wrap(pending, 0, this.count));
		}
		finally {
			this.count = 0;
		}
	}

	private byte[] ensureCapacity(int needed) {
		byte[] current = this.buffer;
		int capacity = (current != null) ? current.length : 0;
		if (current != null && needed <= capacity) {
			return current;
		}
		int grown = Math.max(needed, Math.max(FIRST_BUFFER_BYTES, capacity * 2));
		int size = Math.min(grown, this.limit);
		this.buffer = (current != null) ? Arrays.copyOf(current, size) : new byte[size];
		return this.buffer;
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
