package dev.namedpipe.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.namedpipe.NamedPipeInUseException;

/**
 * Explains a {@link NamedPipeBindException}: which endpoint could not listen where, and
 * what to change.
 */
class NamedPipeBindFailureAnalyzer extends AbstractFailureAnalyzer<NamedPipeBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NamedPipeBindException cause) {
		NamedPipeEndpointDefinition endpoint = cause.getEndpoint();
		String property = endpoint.propertyPrefix() + "name";
		String action = (cause.getCause() instanceof NamedPipeInUseException)
				? "Stop the process serving " + endpoint.endPoint().address() + ", or set '" + property
						+ "' to another name."
				: "Check that " + endpoint.endPoint().address() + " can be created by this user, or set '" + property
						+ "' to another name.";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
