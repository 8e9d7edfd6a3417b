package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipe handle whose overlapped operations can all be cancelled at once: after
 * {@link #cancelAll()} no operation starts on it any more, and every one started before is
 * cancelled, because starting and cancelling exclude each other.
 */
final class PipeHandle {

	private static final Logger logger = LoggerFactory.getLogger(PipeHandle.class);

	private final Win32Pipes pipes;

	private final long value;

	private boolean cancelled;

	private boolean closed;

	PipeHandle(Win32Pipes pipes, long value) {
		this.pipes = pipes;
		this.value = value;
	}

	long value() {
		return this.value;
	}

	/**
	 * {@code ImpersonateNamedPipeClient} on the calling thread, unless the handle was
	 * cancelled or closed (its value may then name another object).
	 * @throws ClosedChannelException once cancelled or closed
	 * @throws Win32Exception when Windows refuses
	 */
	synchronized void impersonateClient() throws IOException {
		if (this.cancelled || this.closed) {
			throw new ClosedChannelException();
		}
		this.pipes.impersonateNamedPipeClient(this.value);
	}

	/**
	 * Starts an overlapped operation unless the handle was cancelled.
	 * @param operation the call that starts it, returning its start status
	 * @return the start status
	 * @throws AsynchronousCloseException once cancelled
	 */
	synchronized int start(IntSupplier operation) throws AsynchronousCloseException {
		if (this.cancelled) {
			throw new AsynchronousCloseException();
		}
		return operation.getAsInt();
	}

	/**
	 * Cancels every pending operation ({@code CancelIoEx}) and refuses new ones. Their
	 * completions (ERROR_OPERATION_ABORTED, or their result if they finished first) still
	 * arrive at the port.
	 */
	synchronized void cancelAll() {
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		try {
			this.pipes.cancelIo(this.value);
		}
		catch (Win32Exception ex) {
			logger.warn("Cancelling the I/O of pipe handle {} failed", this.value, ex);
		}
	}

	/**
	 * Closes the handle ({@code CloseHandle}) once; call after every operation completed.
	 */
	synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.cancelled = true;
		try {
			this.pipes.closeHandle(this.value);
		}
		catch (Win32Exception ex) {
			logger.warn("Closing pipe handle {} failed", this.value, ex);
		}
	}

	@Override
	public String toString() {
		return "PipeHandle[" + this.value + "]";
	}

}
