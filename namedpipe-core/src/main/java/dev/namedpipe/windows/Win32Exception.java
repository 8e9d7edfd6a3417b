package dev.namedpipe.windows;

import java.io.IOException;

/**
 * A Win32 call failed; carries the function and the error code ({@code GetLastError}).
 */
public class Win32Exception extends IOException {

	private final String function;

	private final int errorCode;

	/**
	 * Creates an exception.
	 * @param function the Win32 function that failed
	 * @param errorCode its error code
	 * @param detail the system's text for the code, or {@code null}
	 */
	public Win32Exception(String function, int errorCode, String detail) {
		super(function + " failed: " + Win32.errorName(errorCode) + " (" + errorCode + ")"
				+ ((detail != null && !detail.isBlank()) ? ": " + detail.strip() : ""));
		this.function = function;
		this.errorCode = errorCode;
	}

	/**
	 * The Win32 function that failed.
	 * @return the function name
	 */
	public String getFunction() {
		return this.function;
	}

	/**
	 * The Win32 error code.
	 * @return the code
	 */
	public int getErrorCode() {
		return this.errorCode;
	}

}
