package dev.namedpipe.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import dev.namedpipe.testsupport.OpenHandles;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What this process holds, read from the kernel and the JVM: open handles (file descriptors
 * on Unix, handles on Windows: {@link OpenHandles}), live Java threads (the JDK's process
 * reaper threads, a cache, excluded), heap in use after a full collection, resident set size
 * (the working set on Windows) and, on Unix, the descriptor limit.
 */
record ProcessResources(long handles, int threads, long heapAfterGc, long residentSetSize) {

	private static final int PROCESS_MEMORY_COUNTERS_BYTES = 72;

	private static final int WORKING_SET_OFFSET = 16;

	/**
	 * Takes a snapshot after a full collection.
	 * @return the snapshot
	 * @throws IOException when /proc cannot be read
	 */
	static ProcessResources now() throws IOException {
		return new ProcessResources(OpenHandles.count(), liveThreads(), collectAndMeasureHeap(), residentBytes());
	}

	/**
	 * Takes a snapshot once the handle and thread counts have stopped moving (three equal
	 * readings in a row): threads and processes that just ended give their handles back a
	 * moment later, so a baseline taken at once may count one that is about to go.
	 * @return the snapshot
	 */
	static ProcessResources settled() {
		AtomicReference<ProcessResources> last = new AtomicReference<>();
		AtomicInteger unchanged = new AtomicInteger();
		await().atMost(Pipes.WAIT).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
			ProcessResources now = now();
			ProcessResources previous = last.getAndSet(now);
			if (previous != null && previous.handles() == now.handles() && previous.threads() == now.threads()) {
				unchanged.incrementAndGet();
			}
			else {
				unchanged.set(0);
			}
			return unchanged.get() >= 2;
		});
		return last.get();
	}

	/**
	 * Live Java threads, without the JDK's "process reaper" threads: a cache that waits for
	 * child processes (curl, python3) and keeps an idle thread for 60 s after they ended.
	 * @return the count
	 */
	static int liveThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !thread.getName().startsWith("process reaper"))
			.count();
	}

	/**
	 * Waits until the handles are back to the baseline and no threads are left beyond it
	 * (closed resources are released by other threads a moment later).
	 * @param before the baseline
	 */
	static void awaitBackTo(ProcessResources before) {
		await().atMost(Pipes.WAIT).pollInSameThread().untilAsserted(() -> {
			ProcessResources after = now();
			assertThat(after.handles()).isLessThanOrEqualTo(before.handles()); // a leak only grows
			assertThat(after.threads()).isLessThanOrEqualTo(before.threads());
		});
	}

	/**
	 * Heap in use after collections stop freeing anything (one {@code System.gc()} may leave
	 * garbage that a finalization or reference-processing pass only releases later).
	 * @return bytes of live heap
	 */
	static long collectAndMeasureHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		for (int pass = 0; pass < 5; pass++) {
			System.gc();
			long used = memory.getHeapMemoryUsage().getUsed();
			if (used >= previous) {
				return used;
			}
			previous = used;
		}
		return previous;
	}

	static long residentBytes() throws IOException {
		return TestPlatform.isWindows() ? workingSetBytes() : statusKilobytes("VmRSS:") * 1024;
	}

	// K32GetProcessMemoryInfo's PROCESS_MEMORY_COUNTERS (x64): cb, PageFaultCount, then the
	// sizes, PeakWorkingSetSize first and WorkingSetSize second.
	private static long workingSetBytes() throws IOException {
		try (Memory counters = new Memory(PROCESS_MEMORY_COUNTERS_BYTES)) {
			counters.clear();
			counters.setInt(0, PROCESS_MEMORY_COUNTERS_BYTES);
			Pointer self = (Pointer) Function.getFunction("kernel32", "GetCurrentProcess")
				.invoke(Pointer.class, new Object[0]);
			if (Function.getFunction("kernel32", "K32GetProcessMemoryInfo")
				.invokeInt(new Object[] { self, counters, PROCESS_MEMORY_COUNTERS_BYTES }) == 0) {
				throw new IOException("K32GetProcessMemoryInfo failed: " + Native.getLastError());
			}
			return counters.getLong(WORKING_SET_OFFSET);
		}
	}

	/**
	 * The soft limit on open files of this process.
	 * @return the limit
	 * @throws IOException when /proc cannot be read
	 */
	static long openFilesLimit() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
			if (line.startsWith("Max open files")) {
				String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
				return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
			}
		}
		throw new IOException("No 'Max open files' in /proc/self/limits");
	}

	private static long statusKilobytes(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
			}
		}
		throw new IOException("No " + field + " in /proc/self/status");
	}

	@Override
	public String toString() {
		return String.format("handles=%d threads=%d heapAfterGc=%dKiB rss=%dKiB", this.handles, this.threads,
				this.heapAfterGc / 1024, this.residentSetSize / 1024);
	}

}
