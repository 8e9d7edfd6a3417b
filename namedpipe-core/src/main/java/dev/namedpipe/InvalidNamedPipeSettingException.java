package dev.namedpipe;

import org.jspecify.annotations.Nullable;

/**
 * A transport setting has a value that cannot work. Carries the setting's name (as written
 * in configuration, e.g. {@code listener-queue-count}) and the offending value so that a
 * caller can report both, and a hint saying what to do instead.
 */
public class InvalidNamedPipeSettingException extends IllegalArgumentException {

	private final String setting;

	private final transient @Nullable Object value;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception.
	 * @param setting the setting's name, kebab-case, without any prefix
	 * @param value the rejected value
	 * @param reason why the value is rejected
	 * @param action what to do instead
	 */
	public InvalidNamedPipeSettingException(String setting, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for named-pipe setting '" + setting + "': " + reason + ". " + action);
		this.setting = setting;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * The setting's name, kebab-case, without any prefix.
	 * @return the setting
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * The rejected value.
	 * @return the value
	 */
	public @Nullable Object getValue() {
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
	 * @return the suggested action
	 */
	public String getAction() {
		return this.action;
	}

}
