package dev.namedpipe;

import java.io.IOException;

/**
 * The server of a pipe does not run as the owner the client expected
 * ({@link NamedPipeTransportOptions#verifyServerOwner()}): another user created the pipe,
 * e.g. to receive what was meant for the real server. Thrown by
 * {@link NamedPipeClient#connect} before a byte is sent, with the connection closed.
 */
public class NamedPipeServerOwnerException extends IOException {

	private final String pipeName;

	private final String expectedOwner;

	private final String actualOwner;

	/**
	 * Creates an exception.
	 * @param pipeName the pipe's name
	 * @param expectedOwner the owner the client expected, as it was described
	 * @param actualOwner the owner found, as the operating system described it
	 */
	public NamedPipeServerOwnerException(String pipeName, String expectedOwner, String actualOwner) {
		super("Named pipe '" + pipeName + "' was refused because its server is owned by " + actualOwner
				+ ", not by the expected owner " + expectedOwner + "; nothing was sent.");
		this.pipeName = pipeName;
		this.expectedOwner = expectedOwner;
		this.actualOwner = actualOwner;
	}

	/**
	 * The pipe's name.
	 * @return the name
	 */
	public String getPipeName() {
		return this.pipeName;
	}

	/**
	 * The owner the client expected.
	 * @return a Unix user, or a Windows SID with its account name when known
	 */
	public String getExpectedOwner() {
		return this.expectedOwner;
	}

	/**
	 * The owner the client found.
	 * @return a Unix user, or a Windows SID with its account name when known
	 */
	public String getActualOwner() {
		return this.actualOwner;
	}

}
