package dev.namedpipe.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link UnixOnly} and {@link WineGap}.
 */
final class PlatformConditions implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<AnnotatedElement> element = context.getElement();
		Optional<UnixOnly> unixOnly = AnnotationSupport.findAnnotation(element, UnixOnly.class);
		if (unixOnly.isPresent() && TestPlatform.isWindows()) {
			return ConditionEvaluationResult.disabled("Unix only: " + unixOnly.get().value());
		}
		Optional<WineGap> wineGap = AnnotationSupport.findAnnotation(element, WineGap.class);
		Optional<String> wine = TestPlatform.wineVersion();
		if (wineGap.isPresent() && wine.isPresent()) {
			return ConditionEvaluationResult
				.disabled("Wine gap: " + wineGap.get().value() + " (Wine " + wine.get() + "; runs on real Windows)");
		}
		return ConditionEvaluationResult.enabled(null);
	}

}
