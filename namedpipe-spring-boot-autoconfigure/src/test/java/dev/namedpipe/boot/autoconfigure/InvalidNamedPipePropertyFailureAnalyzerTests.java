package dev.namedpipe.boot.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import dev.namedpipe.NamedPipeInUseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid {@code namedpipe.*} values stop startup with a failure analysis naming the full
 * property, the value and the fix.
 */
class InvalidNamedPipePropertyFailureAnalyzerTests {

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
		.withBean(NamedPipeConnectionHandler.class, () -> new EchoLineHandler(""));

	private String socket(String name) {
		return this.dir.resolve(name).toString();
	}

	@Test
	void negativeQueueCountOfAnEndpoint() {
		this.runner
			.withPropertyValues("namedpipe.endpoints.admin.name=" + socket("a.sock"),
					"namedpipe.endpoints.admin.listener-queue-count=-1")
			.run(failsWith("namedpipe.endpoints.admin.listener-queue-count", "'-1'", "between 1 and 256",
					"Leave it unset"));
	}

	@Test
	void invalidInheritedValueIsReportedWhereItWasSet() {
		this.runner
			.withPropertyValues("namedpipe.listener-queue-count=0", "namedpipe.endpoints.admin.name=" + socket("a.sock"))
			.run(failsWith("namedpipe.listener-queue-count", "'0'", "between 1 and 256", "Leave it unset"));
	}

	@Test
	void negativeBufferSize() {
		this.runner.withPropertyValues("namedpipe.name=" + socket("b.sock"), "namedpipe.max-read-buffer-size=-1")
			.run(failsWith("namedpipe.max-read-buffer-size", "'-1'", "between 0 (unlimited)", "64KB or 1MB"));
	}

	@Test
	void nameTooLongForTheOperatingSystem() {
		String name = "/tmp/" + "n".repeat(120);
		this.runner.withPropertyValues("namedpipe.name=" + name)
			.run(failsWith("namedpipe.name", "'" + name + "'", "sun_path", "Use a shorter name"));
	}

	@Test
	void endpointWithoutName() {
		this.runner.withPropertyValues("namedpipe.endpoints.admin.listener-queue-count=1")
			.run(failsWith("namedpipe.endpoints.admin.name", "(none)", "must not be empty", "Set a name"));
	}

	@Test
	void securityDescriptorTogetherWithCurrentUserOnly() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("s.sock"), "namedpipe.security-descriptor=D:P(A;;GA;;;SY)")
			.run(failsWith("namedpipe.security-descriptor", "'D:P(A;;GA;;;SY)'", "current-user-only=true",
					"Set current-user-only to false"));
	}

	@Test
	void optionThatDoesNotApplyToThisOperatingSystem() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("w.sock"), "namedpipe.current-user-only=false",
					"namedpipe.security-descriptor=D:P(A;;GA;;;SY)")
			.run(failsWith("namedpipe.security-descriptor", "'D:P(A;;GA;;;SY)'", "applies to Windows pipes only",
					"unix-socket-permissions"));
	}

	@Test
	void unparsableSocketPermissions() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("m.sock"), "namedpipe.current-user-only=false",
					"namedpipe.endpoints.x.name=" + socket("x.sock"), "namedpipe.endpoints.x.unix-socket-permissions=rwz")
			.run(failsWith("namedpipe.endpoints.x.unix-socket-permissions", "'rwz'", "neither symbolic", "0660"));
	}

	@Test
	void socketPermissionsTogetherWithCurrentUserOnly() {
		this.runner.withPropertyValues("namedpipe.name=" + socket("m.sock"), "namedpipe.unix-socket-permissions=0660")
			.run(failsWith("namedpipe.unix-socket-permissions", "'rw-rw----'", "current-user-only=true",
					"Set current-user-only to false"));
	}

	@Test
	void negativeShutdownTimeout() {
		this.runner.withPropertyValues("namedpipe.name=" + socket("t.sock"), "namedpipe.shutdown-timeout=-1s")
			.run(failsWith("namedpipe.shutdown-timeout", "'PT-1S'", "cannot be negative", "0s"));
	}

	@Test
	void reservedEndpointId() {
		this.runner.withPropertyValues("namedpipe.endpoints.default.name=" + socket("d.sock"))
			.run(failsWith("namedpipe.endpoints.default.name", "d.sock", "reserved for the top-level endpoint",
					"Choose another endpoint id"));
	}

	@Test
	void pipeOnlyOnOneEndpoint() {
		this.runner
			.withPropertyValues("namedpipe.endpoints.web.name=" + socket("w.sock"),
					"namedpipe.endpoints.web.http.enabled=true", "namedpipe.endpoints.web.http.pipe-only=true")
			.run(failsWith("namedpipe.endpoints.web.http.pipe-only", "true", "applies to the whole web server",
					"namedpipe.http.pipe-only=true"));
	}

	@Test
	void twoEndpointsOnOneName() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("same.sock"),
					"namedpipe.endpoints.admin.name=" + socket("same.sock"))
			.run(failsWith("namedpipe.endpoints.admin.name", "same.sock", "would both listen on",
					"its own name"));
	}

	@Test
	void noHandlerForARawEndpoint() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withPropertyValues("namedpipe.name=" + socket("h.sock"))
			.run(failsWith("namedpipe.handler", "(none)", "there is no NamedPipeConnectionHandler bean",
					"namedpipe.http.enabled=true"));
	}

	@Test
	void handlerNameWithoutBean() {
		this.runner.withPropertyValues("namedpipe.endpoints.admin.name=" + socket("h.sock"),
				"namedpipe.endpoints.admin.handler=missing")
			.run(failsWith("namedpipe.endpoints.admin.handler", "'missing'", "no NamedPipeConnectionHandler bean of that name",
					"Name an existing"));
	}

	@Test
	void severalHandlersAndNoneNamed() {
		this.runner.withBean("second", NamedPipeConnectionHandler.class, () -> new EchoLineHandler(""))
			.withPropertyValues("namedpipe.name=" + socket("h.sock"))
			.run(failsWith("namedpipe.handler", "(none)", "several NamedPipeConnectionHandler beans",
					"Declare one"));
	}

	@Test
	void noHandlerThreads() {
		this.runner.withPropertyValues("namedpipe.name=" + socket("z.sock"), "namedpipe.max-handler-threads=0")
			.run(failsWith("namedpipe.max-handler-threads", "'0'", "at least one thread", "Set it to 1 or more"));
	}

	@Test
	void unconvertibleValueIsABindFailureOfTheProperty() {
		this.runner
			.withPropertyValues("namedpipe.endpoints.admin.name=" + socket("c.sock"),
					"namedpipe.endpoints.admin.max-write-buffer-size=lots")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("lots");
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("Failed to bind properties under 'namedpipe.endpoints.admin.max-write-buffer-size'");
			});
	}

	@Test
	void nameAlreadyServedByAnotherServer() {
		String name = socket("busy.sock");
		this.runner.withPropertyValues("namedpipe.name=" + name).run((first) -> {
			assertThat(first).hasNotFailed();
			this.runner.withPropertyValues("namedpipe.name=" + name).run((second) -> {
				assertThat(second).hasFailed();
				FailureAnalysis analysis = new NamedPipeBindFailureAnalyzer().analyze(second.getStartupFailure());
				assertThat(analysis.getDescription())
					.startsWith("Named pipe endpoint 'default' could not listen on " + name + " (namedpipe.name=" + name
							+ "): Named pipe '" + name + "' is already in use");
				assertThat(analysis.getAction()).isEqualTo(
						"Stop the process serving " + name + ", or set 'namedpipe.name' to another name.");
				assertThat(second.getStartupFailure()).hasRootCauseInstanceOf(NamedPipeInUseException.class);
			});
			assertThat(TestPipeClient.exchange(Path.of(name), "still")).isEqualTo("still");
		});
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String property, String value,
			String reason, String action) {
		return (context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidNamedPipePropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains("property '" + property + "'")
				.contains(value)
				.contains(reason);
			assertThat(analysis.getAction()).startsWith("Update '" + property + "'").contains(action);
		};
	}

}
