package dev.namedpipe.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidNamedPipePropertyException}: the property, its value, why it
 * cannot work and how to fix it.
 */
class InvalidNamedPipePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNamedPipePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidNamedPipePropertyException cause) {
		String value = (cause.getValue() != null) ? "'" + cause.getValue() + "'" : "(none)";
		String description = String.format("Invalid value %s for property '%s':%n%n    %s.", value,
				cause.getProperty(), cause.getReason());
		String action = String.format("Update '%s' in your configuration: %s.", cause.getProperty(),
				stripPeriod(cause.getAction()));
		return new FailureAnalysis(description, action, cause);
	}

	private static String stripPeriod(String text) {
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

}
