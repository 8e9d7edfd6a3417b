package dev.namedpipe.internal;

import java.io.IOException;

/**
 * A platform's bound pipe: what a listener's accept loops call. Bound (the name owned) when
 * created; implementations live in {@code dev.namedpipe.unix} and {@code dev.namedpipe.windows}.
 */
public interface PipeServer extends AutoCloseable {

	/**
	 * Waits for the next client. Called concurrently, once per accept loop.
	 * @param queueIndex the calling accept loop, from 0 to {@link #acceptLoops} - 1
	 * @return the accepted connection, checked against the listener's security settings
	 * @throws PeerRejectedException when a client connected but was refused
	 * @throws java.nio.channels.ClosedChannelException once {@link #close()} was called
	 * @throws IOException when a client was lost during the accept (a broken pipe)
	 */
	AbstractNamedPipeConnection accept(int queueIndex) throws IOException;

	/**
	 * How many accept loops call {@link #accept(int)} at once for a listener queue count: by
	 * default the count itself (on Windows each loop owns a pending pipe instance).
	 * @param listenerQueueCount the listener's queue count
	 * @return 1 to {@code listenerQueueCount}
	 */
	default int acceptLoops(int listenerQueueCount) {
		return listenerQueueCount;
	}

	/**
	 * Stops accepting, makes pending {@link #accept(int)} calls return promptly and releases
	 * the name (on Unix, removes the socket file if it is still ours). Idempotent.
	 */
	@Override
	void close();

}
