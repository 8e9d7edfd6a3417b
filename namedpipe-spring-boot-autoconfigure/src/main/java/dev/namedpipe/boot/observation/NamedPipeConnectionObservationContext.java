package dev.namedpipe.boot.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;

/**
 * The {@link Observation.Context} of one named-pipe connection, from its accept to its end.
 */
public class NamedPipeConnectionObservationContext extends Observation.Context {

	private final NamedPipeConnection connection;

	private volatile @Nullable ConnectionErrorType errorType;

	/**
	 * Creates the context of an accepted connection.
	 * @param connection the connection
	 */
	public NamedPipeConnectionObservationContext(NamedPipeConnection connection) {
		this.connection = connection;
	}

	/**
	 * The observed connection.
	 * @return the connection
	 */
	public NamedPipeConnection getConnection() {
		return this.connection;
	}

	/**
	 * How the connection ended.
	 * @return the error type, {@code null} while the connection is open
	 */
	public @Nullable ConnectionErrorType getErrorType() {
		return this.errorType;
	}

	/**
	 * Records how the connection ended.
	 * @param errorType the error type
	 */
	public void setErrorType(ConnectionErrorType errorType) {
		this.errorType = errorType;
	}

}
