package dev.namedpipe.internal;

import java.io.IOException;

/**
 * A client connected and left before it could be accepted (on Windows ConnectNamedPipe's
 * ERROR_NO_DATA): a broken pipe in Kestrel's words, which says nothing is wrong with the
 * server, so the accept loop goes on at once instead of backing off. It needs a client each
 * time, so it cannot spin.
 */
public class ClientVanishedException extends IOException {

	/**
	 * Creates an exception.
	 * @param cause the platform's report of the broken pipe, whose message this takes
	 */
	public ClientVanishedException(IOException cause) {
		super(cause.getMessage(), cause);
	}

}
