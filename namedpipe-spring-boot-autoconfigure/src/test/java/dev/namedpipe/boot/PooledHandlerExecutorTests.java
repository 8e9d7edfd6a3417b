package dev.namedpipe.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link PooledHandlerExecutor}: threads reused from one task to the next, at most the limit
 * of tasks at once with the next caller waiting for a free place, an interrupted wait refused
 * without losing a place, and threads gone after {@code close()}.
 */
class PooledHandlerExecutorTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final PooledHandlerExecutor executor = new PooledHandlerExecutor("pooled-test-", 2);

	@AfterEach
	void close() {
		this.executor.close();
	}

	@Test
	void tasksOneAfterAnotherReuseThreads() throws Exception {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		int tasks = 50;
		for (int i = 0; i < tasks; i++) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.executor.execute(() -> {
				threads.add(Thread.currentThread());
				done.complete(null);
			});
			done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		// A thread per task would be 50; a thread that is not back for the next task yet makes one more.
		assertThat(threads).hasSizeLessThan(tasks / 2).allSatisfy((thread) -> assertThat(thread.getName())
			.startsWith("pooled-test-"));
	}

	@Test
	void aTaskBeyondTheLimitWaitsForAPlace() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> {
				running.countDown();
				waitFor(release);
			});
		}
		assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> third = new CompletableFuture<>();
		Thread submitter = new Thread(() -> this.executor.execute(() -> third.complete(null)), "submitter");
		submitter.start();
		await().atMost(WAIT).until(() -> submitter.getState() == Thread.State.WAITING);
		assertThat(third).isNotDone();
		release.countDown();
		third.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		submitter.join(WAIT.toMillis());
		assertThat(submitter.isAlive()).isFalse();
	}

	@Test
	void anInterruptedWaitIsRefusedAndKeepsTheInterruptAndEveryPlace() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> waitFor(release));
		}
		CompletableFuture<Throwable> refused = new CompletableFuture<>();
		CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
		Thread submitter = new Thread(() -> {
			try {
				this.executor.execute(() -> {
				});
			}
			catch (RejectedExecutionException ex) {
				refused.complete(ex);
				interruptKept.complete(Thread.currentThread().isInterrupted());
			}
		}, "submitter");
		submitter.start();
		await().atMost(WAIT).until(() -> submitter.getState() == Thread.State.WAITING);
		submitter.interrupt();
		assertThat(refused.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasMessageContaining("2 handler threads");
		assertThat(interruptKept.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		release.countDown();
		CountDownLatch both = new CountDownLatch(2);
		CountDownLatch hold = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> {
				both.countDown();
				waitFor(hold);
			});
		}
		assertThat(both.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("both places free again").isTrue();
		hold.countDown();
	}

	@Test
	void closeEndsTheThreadsAndRefusesNewTasks() throws Exception {
		List<Thread> threads = new ArrayList<>();
		CountDownLatch ran = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> {
				synchronized (threads) {
					threads.add(Thread.currentThread());
				}
				ran.countDown();
				waitFor(release);
			});
		}
		assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.executor.close();
		release.countDown();
		await().atMost(WAIT).until(() -> threads.stream().noneMatch(Thread::isAlive));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.executor.execute(() -> {
		}));
	}

	@Test
	void refusesALimitBelowOne() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PooledHandlerExecutor("x-", 0))
			.withMessageContaining("not 0");
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
