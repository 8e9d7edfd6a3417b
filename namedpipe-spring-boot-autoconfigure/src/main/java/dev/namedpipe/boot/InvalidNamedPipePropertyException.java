package dev.namedpipe.boot;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.InvalidNamedPipeSettingException;

/**
 * A {@code namedpipe.*} property has a value that cannot work: an
 * {@link InvalidNamedPipeSettingException} whose setting is the full property name.
 * Reported at startup by {@link InvalidNamedPipePropertyFailureAnalyzer}.
 */
public class InvalidNamedPipePropertyException extends InvalidNamedPipeSettingException {

	/**
	 * Creates an exception.
	 * @param property the full property name, e.g. {@code namedpipe.endpoints.admin.name}
	 * @param value the rejected value
	 * @param reason why the value is rejected
	 * @param action what to do instead
	 * @param cause the underlying error, or {@code null}
	 */
	public InvalidNamedPipePropertyException(String property, @Nullable Object value, String reason, String action,
			@Nullable Throwable cause) {
		super(property, value, reason, action);
		initCause(cause);
	}

	/**
	 * The full property name.
	 * @return the property
	 */
	public String getProperty() {
		return getSetting();
	}

}
