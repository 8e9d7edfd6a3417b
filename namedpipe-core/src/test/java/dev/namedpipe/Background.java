package dev.namedpipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a blocking I/O call on another thread, for tests that must act while it blocks.
 */
public final class Background {

	private Background() {
	}

	/**
	 * Starts the call.
	 * @param <T> its result type
	 * @param call the call
	 * @return its future; an {@link IOException} completes it with an
	 * {@link UncheckedIOException} whose cause it is
	 */
	public static <T> CompletableFuture<T> call(IoCall<T> call) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return call.call();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * A blocking call that may fail with an {@link IOException}.
	 *
	 * @param <T> its result type
	 */
	@FunctionalInterface
	public interface IoCall<T> {

		T call() throws IOException;

	}

}
