package dev.namedpipe.reliability;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.namedpipe.internal.AbstractNamedPipeConnection;

/**
 * Samples the bytes the server holds for each connection (read ahead, written but not sent)
 * every millisecond and keeps the largest seen.
 */
final class BufferSampler implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "buffer-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong maxRead = new AtomicLong();

	private final AtomicLong maxWrite = new AtomicLong();

	private final AtomicLong samples = new AtomicLong();

	BufferSampler(List<AbstractNamedPipeConnection> connections) {
		this.scheduler.scheduleAtFixedRate(() -> {
			for (AbstractNamedPipeConnection connection : connections) {
				this.maxRead.accumulateAndGet(connection.bufferedReadBytes(), Math::max);
				this.maxWrite.accumulateAndGet(connection.bufferedWriteBytes(), Math::max);
			}
			this.samples.incrementAndGet();
		}, 0, 1, TimeUnit.MILLISECONDS);
	}

	long maxRead() {
		return this.maxRead.get();
	}

	long maxWrite() {
		return this.maxWrite.get();
	}

	long samples() {
		return this.samples.get();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
