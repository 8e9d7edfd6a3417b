package dev.namedpipe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records the tests skipped for a missing tool or root ({@link RequiredTool}): one file per
 * test class in the module's {@code target/missing-tools}, a line per test, written when the
 * class has run and deleted when nothing of it was skipped; {@link MissingToolsSummary}
 * prints them at the end of the module's build. Registered through {@code ServiceLoader}
 * wherever namedpipe-test-support is on the test class path.
 */
public final class MissingToolsListener implements TestExecutionListener {

	/** Where the files go, relative to the module (the test JVM's working directory). */
	static final Path DIRECTORY = Path.of("target", "missing-tools");

	private final Map<String, List<String>> skippedByClass = new ConcurrentHashMap<>();

	private volatile TestPlan testPlan;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		this.testPlan = testPlan;
	}

	@Override
	public void executionStarted(TestIdentifier identifier) {
		className(identifier).ifPresent((name) -> this.skippedByClass.put(name, new CopyOnWriteArrayList<>()));
	}

	@Override
	public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
		if (result.getThrowable().orElse(null) instanceof MissingToolException missing) {
			enclosingClass(identifier).ifPresent((name) -> this.skippedByClass
				.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>())
				.add(testName(identifier) + ": " + missing.getMessage()));
		}
		className(identifier).ifPresent((name) -> write(name, this.skippedByClass.remove(name)));
	}

	private static void write(String className, List<String> skipped) {
		Path file = DIRECTORY.resolve(className + ".txt");
		try {
			if (skipped == null || skipped.isEmpty()) {
				Files.deleteIfExists(file);
			}
			else {
				Files.createDirectories(DIRECTORY);
				Files.write(file, skipped, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Optional<String> className(TestIdentifier identifier) {
		return identifier.getSource()
			.filter(ClassSource.class::isInstance)
			.map((source) -> ((ClassSource) source).getClassName());
	}

	private Optional<String> enclosingClass(TestIdentifier identifier) {
		Optional<TestIdentifier> current = Optional.of(identifier);
		while (current.isPresent()) {
			Optional<String> name = className(current.get());
			if (name.isPresent()) {
				return name;
			}
			current = this.testPlan.getParent(current.get());
		}
		return Optional.empty();
	}

	private String testName(TestIdentifier identifier) {
		Optional<String> className = className(identifier);
		if (className.isPresent()) {
			return className.get() + " (all tests)";
		}
		return identifier.getSource()
			.filter(MethodSource.class::isInstance)
			.map((source) -> (MethodSource) source)
			.map((method) -> method.getClassName() + "." + method.getMethodName() + invocation(identifier, method))
			.orElseGet(identifier::getDisplayName);
	}

	// A parameterized test's invocations share their method: tell them apart by display name.
	private String invocation(TestIdentifier identifier, MethodSource method) {
		boolean template = this.testPlan.getParent(identifier)
			.flatMap(TestIdentifier::getSource)
			.filter(method::equals)
			.isPresent();
		return template ? " " + identifier.getDisplayName() : "";
	}

}
