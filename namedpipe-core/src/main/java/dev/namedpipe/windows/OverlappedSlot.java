package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import dev.namedpipe.windows.Win32Pipes.Completion;

/**
 * One OVERLAPPED with its native buffer, used by one operation at a time on one handle (a
 * connection has one for reads and one for writes, a server instance one for connects).
 *
 * <p>The slot's lock is held from the start of an operation until its result has been
 * copied out, so {@link #retire()} waits for the completion of a cancelled operation and
 * the memory is never freed while the kernel may still write it.
 */
final class OverlappedSlot {

	private final Win32Pipes pipes;

	private final CompletionPort port;

	private final PipeHandle handle;

	private final int bufferBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private NativeOverlapped overlapped;

	private boolean retired;

	private boolean stranded;

	OverlappedSlot(Win32Pipes pipes, CompletionPort port, PipeHandle handle, int bufferBytes) {
		this.pipes = pipes;
		this.port = port;
		this.handle = handle;
		this.bufferBytes = bufferBytes;
	}

	/**
	 * Runs one overlapped operation to its completion.
	 * @param <T> the result type
	 * @param start starts the operation, returning its start status
	 * @param finish interprets the completion (or the immediate failure) while the buffer
	 * is still valid
	 * @return what {@code finish} returned
	 * @throws AsynchronousCloseException when the slot was retired or the handle cancelled
	 * before the operation started
	 * @throws IOException what {@code finish} throws, or the port's failure
	 */
	<T> T perform(Start start, Finish<T> finish) throws IOException {
		this.lock.lock();
		try {
			if (this.retired) {
				throw new AsynchronousCloseException();
			}
			if (this.overlapped == null) {
				this.overlapped = this.pipes.allocate(this.bufferBytes);
			}
			NativeOverlapped operation = this.overlapped;
			operation.reset();
			CompletableFuture<Completion> completion = this.port.expect(operation);
			int status;
			try {
				status = this.handle.start(() -> start.start(this.handle.value(), operation));
			}
			catch (IOException | RuntimeException ex) {
				this.port.forget(operation);
				throw ex;
			}
			if (status != Win32.ERROR_SUCCESS && status != Win32.ERROR_IO_PENDING) {
				this.port.forget(operation);
				return finish.finish(operation, new Completion(0, operation.address(), 0, status));
			}
			return finish.finish(operation, awaitUninterruptibly(completion));
		}
		finally {
			this.lock.unlock();
		}
	}

	private Completion awaitUninterruptibly(CompletableFuture<Completion> completion) throws IOException {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return completion.get();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					// The port failed: the kernel may still own the memory, so it is never freed.
					this.stranded = true;
					throw new IOException("The named-pipe completion port failed", ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Waits until no operation runs and refuses further ones. Cancel the handle first, or
	 * this waits for the running operation to complete by itself.
	 */
	void retire() {
		this.lock.lock();
		try {
			this.retired = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Frees the native memory; only after {@link #retire()}.
	 */
	void free() {
		this.lock.lock();
		try {
			if (!this.retired) {
				throw new IllegalStateException("Slot freed before it was retired");
			}
			if (this.overlapped != null && !this.stranded) {
				this.pipes.free(this.overlapped);
			}
			this.overlapped = null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts an overlapped operation.
	 */
	@FunctionalInterface
	interface Start {

		/**
		 * Starts it.
		 * @param handle the handle value
		 * @param overlapped the OVERLAPPED and buffer to use
		 * @return the start status
		 */
		int start(long handle, NativeOverlapped overlapped);

	}

	/**
	 * Interprets an operation's completion.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface Finish<T> {

		/**
		 * Interprets it.
		 * @param overlapped the OVERLAPPED and buffer, still valid
		 * @param completion the completion, or the immediate failure as one
		 * @return the result
		 * @throws IOException when the operation failed
		 */
		T finish(NativeOverlapped overlapped, Completion completion) throws IOException;

	}

}
