package dev.namedpipe.internal;

/**
 * Waiting for the transport's own threads. Internal.
 */
public final class Threads {

	private Threads() {
	}

	/**
	 * Waits until a thread has ended, even when interrupted meanwhile; the interrupt is kept
	 * for the caller. Used where a close must not return before a loop it stopped has exited.
	 * @param thread the thread to wait for
	 */
	public static void joinUninterruptibly(Thread thread) {
		boolean interrupted = false;
		while (thread.isAlive()) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
