package dev.namedpipe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.ConnectionAbortedException;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.ConnectionState.Phase;

/**
 * The platform-independent part of a connection: its life ({@link ConnectionState}, one
 * value changed by compare-and-set), byte counts, and the streams ({@link PipeInput},
 * {@link PipeOutput}) over four blocking primitives that a platform supplies on its pipe
 * handle. Exactly one of {@link #close()} and {@link #abort} releases the pipe.
 *
 * <p>A server that drives the pipe itself (e.g. on its own selector, see
 * {@link #recordTransferred}) never uses the streams, so they are created on first use and
 * the counters are fields rather than atomic objects: thousands of idle connections keep only
 * what they use.
 */
public abstract class AbstractNamedPipeConnection implements NamedPipeConnection {

	private static final VarHandle STATE;

	private static final VarHandle BYTES_READ;

	private static final VarHandle BYTES_WRITTEN;

	private static final VarHandle INPUT;

	private static final VarHandle OUTPUT;

	private static final VarHandle END_HOOK;

	private static final VarHandle CLOSED;

	private static final VarHandle LAST_ACTIVITY;

	private static final ConnectionEndHook ENDED = (connection, type) -> {
	};

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			STATE = lookup.findVarHandle(AbstractNamedPipeConnection.class, "state", ConnectionState.class);
			BYTES_READ = lookup.findVarHandle(AbstractNamedPipeConnection.class, "bytesRead", long.class);
			BYTES_WRITTEN = lookup.findVarHandle(AbstractNamedPipeConnection.class, "bytesWritten", long.class);
			INPUT = lookup.findVarHandle(AbstractNamedPipeConnection.class, "input", PipeInput.class);
			OUTPUT = lookup.findVarHandle(AbstractNamedPipeConnection.class, "output", PipeOutput.class);
			END_HOOK = lookup.findVarHandle(AbstractNamedPipeConnection.class, "endHook", ConnectionEndHook.class);
			CLOSED = lookup.findVarHandle(AbstractNamedPipeConnection.class, "closed", CompletableFuture.class);
			LAST_ACTIVITY = lookup.findVarHandle(AbstractNamedPipeConnection.class, "lastActivityNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long id = ConnectionIds.next();

	private final NamedPipeEndPoint endPoint;

	private final PeerIdentity peer;

	private final NamedPipeTransportOptions options;

	private final long startNanos = System.nanoTime();

	private volatile long endNanos;

	// When bytes last went through the pipe, for the idle timeout: an opaque store on each
	// read and write of the streams, without a fence or an allocation.
	private long lastActivityNanos = this.startNanos;

	private volatile boolean finished;

	private volatile ConnectionState state = ConnectionState.OPEN;

	private volatile long bytesRead;

	private volatile long bytesWritten;

	private volatile @Nullable PipeInput input;

	private volatile @Nullable PipeOutput output;

	private volatile @Nullable ConnectionEndHook endHook;

	private volatile @Nullable CompletableFuture<ConnectionErrorType> closed;

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
		this.options = Objects.requireNonNull(options, "options");
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
	 * Releases the pipe; blocked reads and writes on other threads must return or fail
	 * promptly. Bytes written before stay readable for the peer. Called once.
	 * @throws IOException when releasing fails
	 */
	protected abstract void releasePipe() throws IOException;

	@Override
	public String id() {
		return ConnectionIds.format(this.id);
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
		return input();
	}

	@Override
	public OutputStream outputStream() {
		return output();
	}

	@Override
	public boolean isOpen() {
		return this.state.phase() == Phase.OPEN;
	}

	@Override
	public CompletionStage<ConnectionErrorType> closed() {
		CompletableFuture<ConnectionErrorType> current = this.closed;
		if (current == null) {
			CompletableFuture<ConnectionErrorType> created = new CompletableFuture<>();
			current = CLOSED.compareAndSet(this, null, created) ? created : this.closed;
		}
		// Created after the end, or as it happened: complete it here (completing twice is harmless).
		if (this.finished) {
			current.complete(Objects.requireNonNull(this.state.endType()));
		}
		return current.minimalCompletionStage();
	}

	/**
	 * Sets the one hook told when the connection has ended (the listener's bookkeeping, which
	 * this way costs no object per connection); told at once if it has ended already.
	 * @param hook the hook
	 */
	public void whenEnded(ConnectionEndHook hook) {
		if (!END_HOOK.compareAndSet(this, null, hook)) {
			if (this.endHook != ENDED) {
				throw new IllegalStateException("Connection " + id() + " has an end hook already");
			}
			hook.connectionEnded(this, Objects.requireNonNull(this.state.endType()));
		}
	}

	@Override
	public Duration duration() {
		long end = this.finished ? this.endNanos : System.nanoTime();
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
		PipeInput current = this.input;
		return (current != null) ? current.bufferedBytes() : 0;
	}

	/**
	 * The bytes written by the application that have not gone to the pipe yet.
	 * @return the buffered byte count
	 */
	public int bufferedWriteBytes() {
		PipeOutput current = this.output;
		return (current != null) ? current.bufferedBytes() : 0;
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
		if (advance(ConnectionState::closing) == null) {
			return;
		}
		try {
			// No shutdown step: releasing the pipe leaves what was sent readable (see releasePipe).
			PipeOutput current = this.output;
			if (current != null) {
				current.sendRemaining();
			}
		}
		catch (IOException ex) {
			recordFailure(ex);
		}
		ConnectionState ended = advance(ConnectionState::closed);
		if (ended != null) {
			end(ended);
		}
	}

	@Override
	public void abort(String reason) {
		abort(reason, ConnectionErrorType.ABORTED_BY_APP);
	}

	@Override
	public void abort(String reason, ConnectionErrorType type) {
		String given = Objects.requireNonNullElse(reason, "aborted");
		Objects.requireNonNull(type, "type");
		ConnectionState ended = advance((current) -> current.aborted(given, type));
		if (ended != null) {
			end(ended);
		}
	}

	// Moves to the state the transition gives, or returns null when it gives none.
	private @Nullable ConnectionState advance(UnaryOperator<@Nullable ConnectionState> transition) {
		while (true) {
			ConnectionState current = this.state;
			ConnectionState next = transition.apply(current);
			if (next == null) {
				return null;
			}
			if (STATE.compareAndSet(this, current, next)) {
				return next;
			}
		}
	}

	private void end(ConnectionState ended) {
		try {
			releasePipe();
		}
		catch (IOException ex) {
			TransportLog.connectionError(this, ex);
		}
		this.endNanos = System.nanoTime();
		this.finished = true;
		ConnectionErrorType type = Objects.requireNonNull(ended.endType());
		TransportLog.connectionDisconnect(this, type.tag());
		ConnectionEndHook hook = (ConnectionEndHook) END_HOOK.getAndSet(this, ENDED);
		if (hook != null) {
			hook.connectionEnded(this, type);
		}
		CompletableFuture<ConnectionErrorType> stage = this.closed;
		if (stage != null) {
			stage.complete(type);
		}
	}

	private void recordFailure(IOException ex) {
		if (advance(ConnectionState::failed) != null) {
			TransportLog.connectionError(this, ex);
		}
	}

	boolean isAborted() {
		return this.state.abortReason() != null;
	}

	boolean hasEnded() {
		return this.state.phase() == Phase.ENDED;
	}

	void failIfAborted(@Nullable IOException cause) throws ConnectionAbortedException {
		String reason = this.state.abortReason();
		if (reason != null) {
			throw new ConnectionAbortedException(reason, cause);
		}
	}

	/**
	 * How long no byte went through the pipe by the streams.
	 * @param now the current {@link System#nanoTime()}
	 * @return the idle time in nanoseconds
	 */
	long idleNanos(long now) {
		return now - (long) LAST_ACTIVITY.getOpaque(this);
	}

	IOException closedException() {
		return new IOException("Connection " + id() + " is closed");
	}

	// The streams' way to the pipe: counts, failures recorded once, and a pipe released
	// under a blocked read seen as the end of the stream (or the abort it was).
	int readPipe(ByteBuffer target) throws IOException {
		int count;
		try {
			count = readFromPipe(target);
		}
		catch (IOException ex) {
			failIfAborted(ex);
			if (hasEnded()) {
				return -1;
			}
			recordFailure(ex);
			throw ex;
		}
		if (count < 0) {
			TransportLog.connectionReadEnd(this);
			return -1;
		}
		BYTES_READ.getAndAdd(this, (long) count);
		LAST_ACTIVITY.setOpaque(this, System.nanoTime());
		return count;
	}

	void writePipe(ByteBuffer source) throws IOException {
		int length = source.remaining();
		try {
			writeToPipe(source);
			BYTES_WRITTEN.getAndAdd(this, (long) length);
			LAST_ACTIVITY.setOpaque(this, System.nanoTime());
		}
		catch (IOException ex) {
			if (isAborted()) {
				return;
			}
			recordFailure(ex);
			throw ex;
		}
	}

	private PipeInput input() {
		PipeInput current = this.input;
		if (current == null) {
			PipeInput created = new PipeInput(this, this.options.maxReadBufferSize());
			current = INPUT.compareAndSet(this, null, created) ? created : this.input;
		}
		return Objects.requireNonNull(current);
	}

	private PipeOutput output() {
		PipeOutput current = this.output;
		if (current == null) {
			PipeOutput created = new PipeOutput(this, this.options.maxWriteBufferSize());
			current = OUTPUT.compareAndSet(this, null, created) ? created : this.output;
		}
		return Objects.requireNonNull(current);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[id=" + id() + ", endPoint=" + this.endPoint + ", peer=" + this.peer
				+ ", state=" + this.state + "]";
	}

}
