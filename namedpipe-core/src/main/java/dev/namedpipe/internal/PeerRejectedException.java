package dev.namedpipe.internal;

import java.io.IOException;

import dev.namedpipe.RejectionReason;

/**
 * A client connected but the listener refused it; the connection is already closed.
 */
public class PeerRejectedException extends IOException {

	private final RejectionReason reason;

	/**
	 * Creates an exception.
	 * @param reason why the client was refused
	 * @param message what to log
	 */
	public PeerRejectedException(RejectionReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why the client was refused.
	 * @return the reason
	 */
	public RejectionReason getReason() {
		return this.reason;
	}

}
