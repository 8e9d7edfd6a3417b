package dev.namedpipe.benchmarks;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The closed-loop load of the client scenarios' client processes ({@link HttpClientLoad},
 * {@link GrpcClientLoad}): threads each making one call at a time for a while, the result line
 * those processes print, and the reading of it by the scenario that started them.
 */
final class ClosedLoopLoad {

	static final String RESULT = "result";

	private ClosedLoopLoad() {
	}

	/** One call, answering the bytes it received. */
	@FunctionalInterface
	interface Call {

		long call() throws Exception;

	}

	/**
	 * Runs the calls for a warm-up second, then for the measured interval, and prints
	 * {@code result <calls> <bytes> <nanos>} of the latter.
	 */
	static void warmUpRunAndPrint(int threads, long nanos, Call call) throws Exception {
		run(threads, 1_000_000_000L, call);
		long[] counts = run(threads, nanos, call);
		System.out.println(RESULT + " " + counts[0] + " " + counts[1] + " " + counts[2]);
	}

	// Calls and bytes answered by all threads, and the nanoseconds they took.
	private static long[] run(int threads, long nanos, Call call) throws Exception {
		LongAdder calls = new LongAdder();
		LongAdder bytes = new LongAdder();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				try {
					while (!stop.get()) {
						bytes.add(call.call());
						calls.increment();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException("A call of the load failed", ex);
				}
				finally {
					done.countDown();
				}
			}, "load-" + i);
			worker.start();
		}
		Thread.sleep(nanos / 1_000_000);   // the measured interval itself, not a wait for a state
		stop.set(true);
		done.await();
		return new long[] { calls.sum(), bytes.sum(), System.nanoTime() - start };
	}

	/**
	 * Starts a client process and reads its result line.
	 * @return calls and bytes per second
	 */
	static double[] perSecond(String subject, Class<?> mainClass, List<String> arguments) throws Exception {
		try (ChildJvm load = ChildJvm.start(subject, List.of(), List.of("-Xmx256m"), mainClass.getName(), arguments)) {
			String[] result = load.awaitLine((line) -> line.startsWith(RESULT + " ")).split(" ");
			double seconds = Long.parseLong(result[3]) / 1e9;
			return new double[] { Long.parseLong(result[1]) / seconds, Long.parseLong(result[2]) / seconds };
		}
	}

}
