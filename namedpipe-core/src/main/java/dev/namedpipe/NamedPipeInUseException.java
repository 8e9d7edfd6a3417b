package dev.namedpipe;

import java.io.IOException;

/**
 * Another live server already owns the pipe name (first-instance protection).
 */
public class NamedPipeInUseException extends IOException {

	private final String pipeName;

	/**
	 * Creates an exception for a pipe name.
	 * @param pipeName the name another server owns
	 * @param detail what was found, appended to the message
	 */
	public NamedPipeInUseException(String pipeName, String detail) {
		super("Named pipe '" + pipeName + "' is already in use" + ((detail != null) ? ": " + detail : "."));
		this.pipeName = pipeName;
	}

	/**
	 * The pipe name.
	 * @return the name
	 */
	public String getPipeName() {
		return this.pipeName;
	}

}
