package dev.namedpipe;

/**
 * Changes how each Windows pipe instance of a listener is created, as Kestrel's
 * {@code CreateNamedPipeServerStream} hook does: called on the listener's thread before every
 * {@code CreateNamedPipeW}, with the settings from the options, it returns the settings to
 * use. Must be fast and must not block. An exception (or {@code null}) is an I/O failure of the
 * instance: the bind fails for a listener's first instances; for a later one, the client
 * waiting on the instance before it is disconnected and reported as a broken pipe, and the
 * listener goes on. Unix listeners never call it.
 */
@FunctionalInterface
public interface NamedPipeInstanceCustomizer {

	/** Uses the settings as they come. */
	NamedPipeInstanceCustomizer NONE = (endPoint, settings) -> settings;

	/**
	 * Customizes one instance.
	 * @param endPoint the listener's endpoint
	 * @param settings the settings from the options
	 * @return the settings to create the instance with
	 */
	NamedPipeInstanceSettings customize(NamedPipeEndPoint endPoint, NamedPipeInstanceSettings settings);

}
