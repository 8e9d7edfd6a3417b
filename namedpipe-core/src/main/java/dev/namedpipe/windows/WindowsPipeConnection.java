package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.nio.channels.AsynchronousCloseException;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.windows.Win32Pipes.Completion;

/**
 * A connection over either end of a Win32 named pipe, with overlapped reads and writes on
 * native buffers that stay allocated until each operation has completed.
 *
 * <p>A zero-byte read and ERROR_BROKEN_PIPE (or, on a client, ERROR_PIPE_NOT_CONNECTED after
 * a server that disconnected it) are the end of the stream. Either end is closed with
 * {@code CloseHandle} alone, once every byte written has gone into the pipe: the peer reads
 * what is buffered, then ERROR_BROKEN_PIPE, and the close never waits for the peer to read.
 * A server end is never disconnected ({@code DisconnectNamedPipe} would discard what the
 * client has not read and end its stream with ERROR_PIPE_NOT_CONNECTED, which libuv-based
 * clients such as Node.js report as an error); instances are not reused. Releasing cancels
 * the pending operations, waits for their completions, closes the handle and only then frees
 * the buffers.
 */
public final class WindowsPipeConnection extends AbstractNamedPipeConnection {

	static final int TRANSFER_BUFFER_BYTES = 64 * 1024;

	private final PipeRuntime runtime;

	private final PipeHandle handle;

	private final OverlappedSlot reads;

	private final OverlappedSlot writes;

	/**
	 * Wraps a connected handle that is associated with the runtime's port; the connection
	 * holds one use of the port, released with the pipe.
	 */
	WindowsPipeConnection(NamedPipeEndPoint endPoint, PeerIdentity peer, NamedPipeTransportOptions options,
			PipeRuntime runtime, CompletionPort port, PipeHandle handle) {
		super(endPoint, peer, options);
		this.runtime = runtime;
		this.handle = handle;
		this.reads = new OverlappedSlot(runtime.pipes(), port, handle, TRANSFER_BUFFER_BYTES);
		this.writes = new OverlappedSlot(runtime.pipes(), port, handle, TRANSFER_BUFFER_BYTES);
	}

	@Override
	public <T> T runAsClient(Callable<T> action) throws Exception {
		Objects.requireNonNull(action, "action");
		return Impersonation.runAsClient(this.runtime.pipes(), this.handle, endPoint(), action);
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

	// Every written byte is in the pipe once the last WriteFile completed, and CloseHandle
	// leaves it readable: nothing to flush first (FlushFileBuffers would wait for the peer to read).
	@Override
	protected void releasePipe() {
		this.handle.cancelAll();
		this.reads.retire();
		this.writes.retire();
		this.handle.close();
		this.reads.free();
		this.writes.free();
		this.runtime.releasePort();
	}

}
