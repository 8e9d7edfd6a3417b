package dev.namedpipe;

/**
 * How a connection ended; the {@link #tag()} is the {@code error.type} of the
 * connection-duration metric.
 */
public enum ConnectionErrorType {

	/** Closed cleanly. */
	NONE("none"),

	/** The application aborted the connection. */
	ABORTED_BY_APP("aborted_by_app"),

	/** The listener or server shut down and aborted the connection. */
	SERVER_SHUTDOWN("server_shutdown"),

	/** The connection handler threw. */
	UNHANDLED_EXCEPTION("unhandled_exception"),

	/** A read or write failed (peer reset, broken pipe). */
	IO_ERROR("io_error"),

	/** No byte was read or written for longer than {@code idle-timeout}. */
	IDLE_TIMEOUT("idle_timeout");

	private final String tag;

	ConnectionErrorType(String tag) {
		this.tag = tag;
	}

	/**
	 * The metric tag value.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
