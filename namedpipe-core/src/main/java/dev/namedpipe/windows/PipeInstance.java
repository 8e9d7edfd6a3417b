package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.NamedPipeInstanceSettings;

/**
 * One server instance of a pipe name, waiting for a client with an overlapped
 * {@code ConnectNamedPipe}.
 */
final class PipeInstance {

	private static final Logger logger = LoggerFactory.getLogger(PipeInstance.class);

	private final Win32Pipes pipes;

	private final PipeHandle handle;

	private final OverlappedSlot connects;

	private PipeInstance(Win32Pipes pipes, CompletionPort port, PipeHandle handle) {
		this.pipes = pipes;
		this.handle = handle;
		this.connects = new OverlappedSlot(pipes, port, handle, 0);
	}

	/**
	 * Creates an instance and associates it with the port.
	 * @param pipes the facade
	 * @param port the completion port
	 * @param path the pipe path
	 * @param openMode the open mode
	 * @param pipeMode the pipe mode
	 * @param settings the buffer sizes
	 * @param securityDescriptor the descriptor's address, 0 for the default
	 * @return the instance
	 * @throws Win32Exception when creating or associating fails
	 */
	static PipeInstance create(Win32Pipes pipes, CompletionPort port, String path, int openMode, int pipeMode,
			NamedPipeInstanceSettings settings, long securityDescriptor) throws Win32Exception {
		long value = pipes.createNamedPipe(path, openMode, pipeMode, settings.outBufferSize(), settings.inBufferSize(),
				securityDescriptor);
		PipeHandle handle = new PipeHandle(pipes, value);
		try {
			port.associate(value);
		}
		catch (Win32Exception ex) {
			handle.close();
			throw ex;
		}
		return new PipeInstance(pipes, port, handle);
	}

	/**
	 * Waits for a client. ERROR_PIPE_CONNECTED (the client came before the call) is success.
	 * @throws AsynchronousCloseException when cancelled
	 * @throws Win32Exception ERROR_NO_DATA when the client already left (a broken pipe), or
	 * another failure
	 */
	void connect() throws IOException {
		this.connects.perform(this.pipes::connectNamedPipe, (overlapped, completion) -> {
			switch (completion.error()) {
				case Win32.ERROR_SUCCESS, Win32.ERROR_PIPE_CONNECTED -> {
					return null;
				}
				case Win32.ERROR_OPERATION_ABORTED -> throw new AsynchronousCloseException();
				default -> throw new Win32Exception("ConnectNamedPipe", completion.error(),
						(completion.error() == Win32.ERROR_NO_DATA) ? "the client closed before it was accepted" : null);
			}
		});
	}

	/**
	 * Cancels a pending connect; it completes with ERROR_OPERATION_ABORTED.
	 */
	void cancel() {
		this.handle.cancelAll();
	}

	/**
	 * Disconnects the client so that the instance can wait for the next one.
	 * @throws Win32Exception when disconnecting fails
	 */
	void disconnect() throws Win32Exception {
		this.pipes.disconnectNamedPipe(this.handle.value());
	}

	/**
	 * Gives the connected handle to a connection, freeing the connect buffer (no connect is
	 * pending once one succeeded). The instance must not be used afterwards.
	 * @return the handle
	 */
	PipeHandle handOver() {
		this.connects.retire();
		this.connects.free();
		return this.handle;
	}

	/**
	 * Cancels a pending connect, waits for its completion, closes the handle and frees the
	 * memory. Idempotent.
	 */
	void close() {
		this.handle.cancelAll();
		this.connects.retire();
		this.handle.close();
		this.connects.free();
	}

	/**
	 * Closes an instance whose client is connected but not accepted (refused, or the listener
	 * closed meanwhile), disconnecting it first so that what the client sent is discarded.
	 */
	void closeConnected() {
		try {
			disconnect();
		}
		catch (Win32Exception ex) {
			int error = ex.getErrorCode();
			if (error != Win32.ERROR_BROKEN_PIPE && error != Win32.ERROR_NO_DATA && error != Win32.ERROR_PIPE_NOT_CONNECTED) {
				logger.warn("Disconnecting named pipe instance {} failed", this.handle, ex);
			}
		}
		close();
	}

	long handleValue() {
		return this.handle.value();
	}

}
