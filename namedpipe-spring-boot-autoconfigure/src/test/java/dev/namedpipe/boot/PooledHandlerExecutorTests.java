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
		assertThat(threads).hasSizeLessThan(tasks / 2).allSatisfy((thread) -> {
			assertThat(thread.getName()).startsWith("pooled-test-");
			assertThat(thread.isDaemon()).as("a daemon, whoever calls execute").isTrue();
		});
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

	// Threads idle for a millisecond end all the time; a task is queued only for a thread that
	// is counted idle, so none waits for one that ended meanwhile. One handler holds its place
	// throughout: a task left in the queue would wait for it, and the test would time out.
	@Test
	void noTaskWaitsForAThreadThatEndedIdle() throws Exception {
		try (PooledHandlerExecutor quick = new PooledHandlerExecutor("quick-", 2, Duration.ofMillis(1))) {
			CountDownLatch release = new CountDownLatch(1);
			quick.execute(() -> waitFor(release));
			for (int i = 0; i < 20_000; i++) {
				CompletableFuture<Void> done = new CompletableFuture<>();
				quick.execute(() -> done.complete(null));
				done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			release.countDown();
		}
	}

	// A handler that leaves its thread interrupted: the thread waits for the next task as any
	// idle thread does, and that task does not start interrupted.
	@Test
	void aHandlersInterruptIsNotSeenByTheNextTaskOnItsThread() throws Exception {
		try (PooledHandlerExecutor one = new PooledHandlerExecutor("one-", 1)) {
			CompletableFuture<Thread> first = new CompletableFuture<>();
			one.execute(() -> {
				Thread.currentThread().interrupt();
				first.complete(Thread.currentThread());
			});
			Thread thread = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
			CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
			CompletableFuture<Thread> second = new CompletableFuture<>();
			one.execute(() -> {
				second.complete(Thread.currentThread());
				interrupted.complete(Thread.currentThread().isInterrupted());
			});
			assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the same thread").isSameAs(thread);
			assertThat(interrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
		}
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
