package dev.namedpipe.windows;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.namedpipe.internal.Threads;
import dev.namedpipe.windows.Win32Pipes.Completion;

/**
 * An I/O completion port and the one thread that dequeues it. Every pipe handle of a
 * {@link PipeRuntime} is associated with it; an operation registers its OVERLAPPED before
 * it starts and its future completes when the completion for that OVERLAPPED is dequeued.
 */
final class CompletionPort {

	private static final Logger logger = LoggerFactory.getLogger(CompletionPort.class);

	private static final long STOP_KEY = 1;

	private final Win32Pipes pipes;

	private final long port;

	private final Map<Long, CompletableFuture<Completion>> pending = new ConcurrentHashMap<>();

	private final Thread thread;

	private CompletionPort(Win32Pipes pipes, long port) {
		this.pipes = pipes;
		this.port = port;
		this.thread = new Thread(this::dequeueLoop, "namedpipe-iocp");
		this.thread.setDaemon(true);
	}

	static CompletionPort open(Win32Pipes pipes) throws Win32Exception {
		CompletionPort completionPort = new CompletionPort(pipes, pipes.createCompletionPort());
		completionPort.thread.start();
		return completionPort;
	}

	void associate(long handle) throws Win32Exception {
		this.pipes.associate(this.port, handle);
	}

	/**
	 * Registers an operation about to start.
	 * @param overlapped its OVERLAPPED
	 * @return the future of its completion
	 */
	CompletableFuture<Completion> expect(NativeOverlapped overlapped) {
		CompletableFuture<Completion> completion = new CompletableFuture<>();
		if (this.pending.putIfAbsent(overlapped.address(), completion) != null) {
			throw new IllegalStateException("An operation is already pending on OVERLAPPED " + overlapped.address());
		}
		return completion;
	}

	/**
	 * Unregisters an operation that failed to start, so no completion will come.
	 * @param overlapped its OVERLAPPED
	 */
	void forget(NativeOverlapped overlapped) {
		this.pending.remove(overlapped.address());
	}

	/**
	 * Stops the thread and closes the port; called once no handle uses it.
	 */
	void close() {
		try {
			this.pipes.post(this.port, STOP_KEY);
			Threads.joinUninterruptibly(this.thread);
		}
		catch (Win32Exception ex) {
			logger.warn("Could not stop the named-pipe completion thread; it is left running", ex);
			return;
		}
		closeQuietly();
	}

	private void dequeueLoop() {
		try {
			while (true) {
				Completion completion = this.pipes.dequeue(this.port);
				if (completion.overlapped() == 0) {
					if (completion.key() == STOP_KEY) {
						return;
					}
					continue;
				}
				CompletableFuture<Completion> operation = this.pending.remove(completion.overlapped());
				if (operation != null) {
					operation.complete(completion);
				}
				else {
					logger.warn("Completion for unknown OVERLAPPED {} ignored", completion.overlapped());
				}
			}
		}
		catch (Win32Exception | RuntimeException ex) {
			logger.error("The named-pipe completion port failed; pending operations fail and keep their memory", ex);
			this.pending.values().forEach((operation) -> operation.completeExceptionally(ex));
		}
	}

	private void closeQuietly() {
		try {
			this.pipes.closeHandle(this.port);
		}
		catch (Win32Exception ex) {
			logger.warn("Closing the named-pipe completion port failed", ex);
		}
	}

}
