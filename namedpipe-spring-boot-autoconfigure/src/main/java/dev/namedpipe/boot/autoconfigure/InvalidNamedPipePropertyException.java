package dev.namedpipe.boot.autoconfigure;

/**
 * A {@code namedpipe.*} property has a value that cannot work; reported at startup by
 * {@link InvalidNamedPipePropertyFailureAnalyzer}.
 */
public class InvalidNamedPipePropertyException extends RuntimeException {

	private final String property;

	private final transient Object value;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the full property name, e.g. {@code namedpipe.endpoints.admin.name}
	 * @param value the rejected value
	 * @param reason why the value is rejected
	 * @param action what to do instead
	 * @param cause the underlying error, or {@code null}
	 */
	public InvalidNamedPipePropertyException(String property, Object value, String reason, String action,
			Throwable cause) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason + ". " + action, cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * The full property name.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The rejected value.
	 * @return the value, {@code null} when the property is missing
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * Why the value is rejected.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What to do instead.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
