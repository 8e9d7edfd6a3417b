package dev.namedpipe.jetty;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The threads a test's server or client started (transport, Jetty's pools and schedulers,
 * {@code HttpClient}'s), to check that stopping them ended them all.
 */
final class ServerThreads {

	private final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

	/**
	 * The server threads alive now that were not alive when this was created.
	 * @return the threads
	 */
	List<Thread> started() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !this.before.contains(thread))
			.filter((thread) -> Stream.of("namedpipe-", "qtp", "Scheduler-", "HttpClient@")
				.anyMatch((prefix) -> thread.getName().startsWith(prefix)))
			.toList();
	}

}
