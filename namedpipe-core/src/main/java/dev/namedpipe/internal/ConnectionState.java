package dev.namedpipe.internal;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.ConnectionErrorType;

/**
 * Where a connection is in its life, as one immutable value: open, closing (a graceful close
 * is sending what is buffered) or ended, with the first I/O failure seen and, once aborted,
 * the reason. A connection holds one and replaces it by compare-and-set; exactly one
 * transition reaches {@link Phase#ENDED}, and its caller releases the pipe.
 */
final class ConnectionState {

	/**
	 * The phases, in the only order they are passed through.
	 */
	enum Phase {

		OPEN, CLOSING, ENDED

	}

	static final ConnectionState OPEN = new ConnectionState(Phase.OPEN, null, null);

	private static final ConnectionState OPEN_FAILED = new ConnectionState(Phase.OPEN, ConnectionErrorType.IO_ERROR,
			null);

	private static final ConnectionState CLOSING = new ConnectionState(Phase.CLOSING, null, null);

	private static final ConnectionState CLOSING_FAILED = new ConnectionState(Phase.CLOSING,
			ConnectionErrorType.IO_ERROR, null);

	private static final ConnectionState CLOSED = new ConnectionState(Phase.ENDED, ConnectionErrorType.NONE, null);

	private static final ConnectionState CLOSED_FAILED = new ConnectionState(Phase.ENDED, ConnectionErrorType.IO_ERROR,
			null);

	private final Phase phase;

	private final @Nullable ConnectionErrorType failure;

	private final @Nullable String abortReason;

	private ConnectionState(Phase phase, @Nullable ConnectionErrorType failure, @Nullable String abortReason) {
		this.phase = phase;
		this.failure = failure;
		this.abortReason = abortReason;
	}

	Phase phase() {
		return this.phase;
	}

	/**
	 * The reason given to {@code abort}, once aborted.
	 * @return the reason, or {@code null}
	 */
	@Nullable String abortReason() {
		return this.abortReason;
	}

	/**
	 * How the connection ended: the abort's error type, the first I/O failure, or none.
	 * @return the error type, or {@code null} before the end
	 */
	@Nullable ConnectionErrorType endType() {
		return (this.phase == Phase.ENDED) ? this.failure : null;
	}

	/**
	 * The state after an I/O failure: the phase is kept, the first failure is remembered.
	 * @return the next state, or {@code null} if there is nothing to record
	 */
	@Nullable ConnectionState failed() {
		if (this.failure != null || this.phase == Phase.ENDED) {
			return null;
		}
		return (this.phase == Phase.OPEN) ? OPEN_FAILED : CLOSING_FAILED;
	}

	/**
	 * The state once a graceful close begins.
	 * @return the next state, or {@code null} unless open
	 */
	@Nullable ConnectionState closing() {
		if (this.phase != Phase.OPEN) {
			return null;
		}
		return (this.failure != null) ? CLOSING_FAILED : CLOSING;
	}

	/**
	 * The state once a graceful close has sent everything.
	 * @return the next state, or {@code null} unless closing
	 */
	@Nullable ConnectionState closed() {
		if (this.phase != Phase.CLOSING) {
			return null;
		}
		return (this.failure != null) ? CLOSED_FAILED : CLOSED;
	}

	/**
	 * The state once aborted, from open or from a close in progress. An I/O failure seen
	 * before stays how the connection ended: it is what went wrong first.
	 * @param reason why
	 * @param type how the connection ended, unless it failed before
	 * @return the next state, or {@code null} if it has ended already
	 */
	@Nullable ConnectionState aborted(String reason, ConnectionErrorType type) {
		if (this.phase == Phase.ENDED) {
			return null;
		}
		return new ConnectionState(Phase.ENDED, (this.failure != null) ? this.failure : type, reason);
	}

	@Override
	public String toString() {
		return this.phase + ((this.failure != null) ? " (" + this.failure.tag() + ")" : "");
	}

}
