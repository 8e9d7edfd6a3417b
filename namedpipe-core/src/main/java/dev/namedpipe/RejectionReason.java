package dev.namedpipe;

/**
 * Why the listener refused an accepted client; {@link #tag()} is the {@code reason} tag of
 * the rejected-connections metric.
 */
public enum RejectionReason {

	/** Current-user-only is on and the client runs as another user. */
	FOREIGN_USER("foreign_user"),

	/** Current-user-only is on and the client's identity could not be read. */
	UNVERIFIED_PEER("unverified_peer"),

	/** The endpoint had {@code max-connections} connections open. */
	LIMIT("limit");

	private final String tag;

	RejectionReason(String tag) {
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
