package dev.namedpipe.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a server under test: answers {@code heap} on standard input with the heap in use
 * after a full collection, so the harness can measure memory per idle connection.
 */
final class HeapProbe {

	static final String HEAP = "heap";

	private HeapProbe() {
	}

	static void answerOnStandardInput() {
		Thread probe = new Thread(HeapProbe::answer, "heap-probe");
		probe.setDaemon(true);
		probe.start();
	}

	private static void answer() {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (HEAP.equals(line.trim())) {
					System.out.println(HEAP + " " + heapAfterCollection());
				}
			}
		}
		catch (IOException ex) {
			// the harness went away
		}
	}

	private static long heapAfterCollection() {
		System.gc();
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
