package dev.namedpipe.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;

import dev.namedpipe.NamedPipeConnection;

/**
 * Any transport connection (the Windows backend's, or a Unix one when forced) as a Jetty
 * endpoint over its blocking streams.
 *
 * <p>A reader task blocks on the input stream and holds at most one chunk of
 * {@value #CHUNK_BYTES} bytes until Jetty has filled it out, so a slow application slows the
 * peer down instead of buffering; it runs on a virtual thread where the runtime has them,
 * else on a thread of the connector's pool. Arrivals wake Jetty's fill interest on the
 * connector's executor, never on the reader, which must go on reading while the application
 * blocks for input. Flushes write through the output stream on the flushing thread and
 * return when the pipe has taken the bytes: a full pipe blocks that thread (back-pressure).
 */
final class NamedPipeStreamEndPoint extends AbstractEndPoint implements PipeBackedEndPoint {

	static final int CHUNK_BYTES = 16 * 1024;

	private final NamedPipeConnection pipeConnection;

	private final Executor executor;

	private final Consumer<EndPoint> closedListener;

	private final SocketAddress address;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition chunkTaken = this.lock.newCondition();

	private final byte[] chunk = new byte[CHUNK_BYTES];

	private int chunkStart;

	private int chunkEnd;

	private boolean endOfInput;

	private byte[] flushScratch;

	private final Runnable fillable = () -> getFillInterest().fillable();

	NamedPipeStreamEndPoint(NamedPipeConnection pipeConnection, Scheduler scheduler, Executor executor,
			Consumer<EndPoint> closedListener) {
		super(scheduler);
		this.pipeConnection = pipeConnection;
		this.executor = executor;
		this.closedListener = closedListener;
		this.address = new NamedPipeSocketAddress(pipeConnection.endPoint());
	}

	@Override
	public NamedPipeConnection pipeConnection() {
		return this.pipeConnection;
	}

	/**
	 * Reads the pipe until it ends or this endpoint closes; run once, on its own thread.
	 */
	void readLoop() {
		InputStream input = this.pipeConnection.inputStream();
		try {
			while (awaitChunkTaken()) {
				int count = input.read(this.chunk, 0, CHUNK_BYTES);
				publish(count);
				if (count < 0) {
					return;
				}
			}
		}
		catch (IOException ex) {
			publish(-1);
		}
	}

	private boolean awaitChunkTaken() {
		this.lock.lock();
		try {
			while (this.chunkStart < this.chunkEnd && isOpen()) {
				this.chunkTaken.awaitUninterruptibly();
			}
			return isOpen();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void publish(int count) {
		this.lock.lock();
		try {
			if (count < 0) {
				this.endOfInput = true;
			}
			else {
				this.chunkStart = 0;
				this.chunkEnd = count;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (getFillInterest().isInterested()) {
			this.executor.execute(this.fillable);
		}
	}

	@Override
	public int fill(ByteBuffer buffer) throws IOException {
		int filled;
		this.lock.lock();
		try {
			if (this.chunkStart < this.chunkEnd) {
				filled = Math.min(BufferUtil.space(buffer), this.chunkEnd - this.chunkStart);
				int position = BufferUtil.flipToFill(buffer);
				buffer.put(this.chunk, this.chunkStart, filled);
				BufferUtil.flipToFlush(buffer, position);
				this.chunkStart += filled;
				if (this.chunkStart == this.chunkEnd) {
					this.chunkTaken.signal();
				}
			}
			else {
				filled = (this.endOfInput || isInputShutdown()) ? -1 : 0;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (filled > 0) {
			notIdle();
		}
		else if (filled < 0) {
			shutdownInput();
		}
		return filled;
	}

	@Override
	protected void needsFillInterest() {
		boolean ready;
		this.lock.lock();
		try {
			ready = this.chunkStart < this.chunkEnd || this.endOfInput;
		}
		finally {
			this.lock.unlock();
		}
		if (ready) {
			this.executor.execute(this.fillable);
		}
	}

	@Override
	public boolean flush(ByteBuffer... buffers) throws IOException {
		OutputStream output = this.pipeConnection.outputStream();
		boolean wrote = false;
		try {
			for (ByteBuffer buffer : buffers) {
				if (buffer != null && buffer.hasRemaining()) {
					write(output, buffer);
					wrote = true;
				}
			}
			if (wrote) {
				output.flush();
				notIdle();
			}
		}
		catch (IOException ex) {
			throw new EofException(ex);
		}
		return true;
	}

	private void write(OutputStream output, ByteBuffer buffer) throws IOException {
		if (buffer.hasArray()) {
			output.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
			buffer.position(buffer.limit());
			return;
		}
		if (this.flushScratch == null) {
			this.flushScratch = new byte[CHUNK_BYTES];
		}
		while (buffer.hasRemaining()) {
			int count = Math.min(buffer.remaining(), this.flushScratch.length);
			buffer.get(this.flushScratch, 0, count);
			output.write(this.flushScratch, 0, count);
		}
	}

	// Flushes complete before they return: there is never an incomplete flush to resume.
	@Override
	protected void onIncompleteFlush() {
	}

	// A pipe cannot half-close on every platform (Win32 pipes cannot): ending the output ends
	// the connection, after what was written has been sent.
	@Override
	protected void doShutdownOutput() {
		this.pipeConnection.close();
	}

	// What Jetty's selector does for its endpoints when they close, done here as no selector
	// manages this one: release the pipe, then tell the Jetty connection and the connector.
	@Override
	public void onClose(Throwable cause) {
		TransportConnections.release(this.pipeConnection, cause);
		wakeReader();
		super.onClose(cause);
		Connection connection = getConnection();
		if (connection != null) {
			connection.onClose(cause);
		}
		this.closedListener.accept(this);
	}

	private void wakeReader() {
		this.lock.lock();
		try {
			this.chunkTaken.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.address;
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.address;
	}

	@Override
	public Object getTransport() {
		return this.pipeConnection;
	}

}
