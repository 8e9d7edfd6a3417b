package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.spi.AbstractNamedPipeConnection;
import dev.namedpipe.windows.Win32Pipes.Completion;

/**
 * A connection over either end of a Win32 named pipe, with overlapped reads and writes on
 * native buffers that stay allocated until each operation has completed.
 *
 * <p>A zero-byte read and ERROR_BROKEN_PIPE (or, on a client, ERROR_PIPE_NOT_CONNECTED after
 * the server disconnected) are the end of the stream. Closing a server end flushes first
 * ({@code FlushFileBuffers} waits until the client has read everything), because
 * {@code DisconnectNamedPipe} discards what the client has not read; a client's close
 * leaves its data readable and does not wait. Releasing cancels the
 * pending operations, waits for their completions, disconnects a server end, closes the
 * handle and only then frees the buffers.
 */
public final class WindowsPipeConnection extends AbstractNamedPipeConnection {

	private static final Logger logger = LoggerFactory.getLogger(WindowsPipeConnection.class);

	static final int TRANSFER_BUFFER_BYTES = 64 * 1024;

	private final PipeRuntime runtime;

	private final PipeHandle handle;

	private final boolean serverEnd;

	private final OverlappedSlot reads;

	private final OverlappedSlot writes;

	/**
	 * Wraps a connected handle that is associated with the runtime's port; the connection
	 * holds one use of the port, released with the pipe.
	 */
	WindowsPipeConnection(NamedPipeEndPoint endPoint, PeerIdentity peer, NamedPipeTransportOptions options,
			PipeRuntime runtime, CompletionPort port, PipeHandle handle, boolean serverEnd) {
		super(endPoint, peer, options);
		this.runtime = runtime;
		this.handle = handle;
		this.serverEnd = serverEnd;
		this.reads = new OverlappedSlot(runtime.pipes(), port, handle, TRANSFER_BUFFER_BYTES);
		this.writes = new OverlappedSlot(runtime.pipes(), port, handle, TRANSFER_BUFFER_BYTES);
	}

	@Override
	protected int readFromPipe(ByteBuffer target) throws IOException {
		return this.reads.perform(
				(pipe, overlapped) -> this.runtime.pipes()
					.readFile(pipe, overlapped, Math.min(target.remaining(), overlapped.capacity())),
				(overlapped, completion) -> readResult(target, overlapped, completion));
	}

	private static int readResult(ByteBuffer target, NativeOverlapped overlapped, Completion completion)
			throws IOException {
		return switch (completion.error()) {
			case Win32.ERROR_SUCCESS -> {
				if (completion.bytes() == 0) {
					yield -1;
				}
				overlapped.get(target, completion.bytes());
				yield completion.bytes();
			}
			case Win32.ERROR_BROKEN_PIPE, Win32.ERROR_PIPE_NOT_CONNECTED -> -1;
			case Win32.ERROR_OPERATION_ABORTED -> throw new AsynchronousCloseException();
			default -> throw new Win32Exception("ReadFile", completion.error(), null);
		};
	}

	@Override
	protected void writeToPipe(ByteBuffer source) throws IOException {
		while (source.hasRemaining()) {
			int count = Math.min(source.remaining(), TRANSFER_BUFFER_BYTES);
			int start = source.position();
			int written = this.writes.perform((pipe, overlapped) -> {
				overlapped.put(source.duplicate(), count);
				return this.runtime.pipes().writeFile(pipe, overlapped, count);
			}, WindowsPipeConnection::writeResult);
			if (written <= 0) {
				throw new IOException("WriteFile completed without writing any of " + count + " bytes");
			}
			source.position(start + written);
		}
	}

	private static int writeResult(NativeOverlapped overlapped, Completion completion) throws IOException {
		return switch (completion.error()) {
			case Win32.ERROR_SUCCESS -> completion.bytes();
			case Win32.ERROR_OPERATION_ABORTED -> throw new AsynchronousCloseException();
			default -> throw new Win32Exception("WriteFile", completion.error(), null);
		};
	}

	// Only a server's DisconnectNamedPipe discards what the peer has not read; a client's
	// CloseHandle leaves it readable, so only the server end waits for the peer to read.
	// The wait ends early when the connection is aborted (CancelIoEx on the handle).
	@Override
	protected void shutdownPipeOutput() throws IOException {
		if (!this.serverEnd) {
			return;
		}
		try {
			this.runtime.pipes().flushFileBuffers(this.handle.value());
		}
		catch (Win32Exception ex) {
			if (!isPeerGone(ex.getErrorCode())) {
				throw ex;
			}
		}
	}

	@Override
	protected void releasePipe() {
		this.handle.cancelAll();
		this.reads.retire();
		this.writes.retire();
		if (this.serverEnd) {
			disconnect(this.runtime.pipes(), this.handle);
		}
		this.handle.close();
		this.reads.free();
		this.writes.free();
		this.runtime.releasePort();
	}

	/**
	 * Disconnects a server instance, logging a failure other than a client already gone.
	 * @param pipes the facade
	 * @param handle the server instance
	 */
	static void disconnect(Win32Pipes pipes, PipeHandle handle) {
		try {
			pipes.disconnectNamedPipe(handle.value());
		}
		catch (Win32Exception ex) {
			if (!isPeerGone(ex.getErrorCode())) {
				logger.warn("Disconnecting named pipe instance {} failed", handle, ex);
			}
		}
	}

	private static boolean isPeerGone(int error) {
		return error == Win32.ERROR_BROKEN_PIPE || error == Win32.ERROR_NO_DATA
				|| error == Win32.ERROR_PIPE_NOT_CONNECTED;
	}

}
