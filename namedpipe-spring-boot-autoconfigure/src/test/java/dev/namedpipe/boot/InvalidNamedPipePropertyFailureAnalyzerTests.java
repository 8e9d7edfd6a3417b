package dev.namedpipe.boot;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.boot.autoconfigure.EchoLineHandler;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.TestPipeClient;
import dev.namedpipe.boot.autoconfigure.TestPipes;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.WineGap;

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

	private String pipe() {
		return TestPipes.uniqueName(this.dir);
	}

	@Test
	void negativeQueueCountOfAnEndpoint() {
		this.runner
			.withPropertyValues("namedpipe.endpoints.admin.name=" + pipe(),
					"namedpipe.endpoints.admin.listener-queue-count=-1")
			.run(failsWith("namedpipe.endpoints.admin.listener-queue-count", "'-1'", "between 1 and 256",
					"Leave it unset"));
	}

	@Test
	void invalidInheritedValueIsReportedWhereItWasSet() {
		this.runner
			.withPropertyValues("namedpipe.listener-queue-count=0", "namedpipe.endpoints.admin.name=" + pipe())
			.run(failsWith("namedpipe.listener-queue-count", "'0'", "between 1 and 256", "Leave it unset"));
	}

	@Test
	void negativeBufferSize() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.max-read-buffer-size=-1")
			.run(failsWith("namedpipe.max-read-buffer-size", "'-1'", "between 0 (unlimited)", "64KB or 1MB"));
	}

	@Test
	void connectionLimitOfZeroOrLess() {
		for (String max : new String[] { "0", "-1" }) {
			this.runner
				.withPropertyValues("namedpipe.endpoints.admin.name=" + pipe(),
						"namedpipe.endpoints.admin.max-connections=" + max)
				.run(failsWith("namedpipe.endpoints.admin.max-connections", "'" + max + "'", "at least 1",
						"Leave it unset for no limit"));
		}
	}

	@Test
	void idleTimeoutOfZeroOrLessIsReportedWhereItWasSet() {
		for (String timeout : new String[] { "0s", "-5s" }) {
			this.runner
				.withPropertyValues("namedpipe.idle-timeout=" + timeout, "namedpipe.endpoints.admin.name=" + pipe())
				.run(failsWith("namedpipe.idle-timeout", "'" + Duration.parse("PT" + timeout.toUpperCase()) + "'",
						"longer than zero", "Leave it unset for no idle timeout"));
		}
	}

	@Test
	void nameTooLongForTheOperatingSystem() {
		String name = nameAtTheLengthLimit() + "n";
		String reason = TestPlatform.isWindows() ? "257 characters long exceeds Windows' limit of 256" : "sun_path";
		this.runner.withPropertyValues("namedpipe.name=" + name)
			.run(failsWith("namedpipe.name", "'" + name + "'", reason, "Use a shorter name"));
	}

	// Bound, not connected to: the JDK's client takes a socket path of at most 106 bytes.
	@Test
	void nameAtTheLengthLimitOfTheOperatingSystemIsBound() {
		String name = nameAtTheLengthLimit();
		this.runner.withPropertyValues("namedpipe.name=" + name).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(TestPipes.isListening(name)).isTrue();
		});
	}

	// Unix: a socket path of as many bytes as sun_path holds (107 on Linux); Windows: a name
	// whose pipe path, with \\.\pipe\, is 256 characters long.
	private String nameAtTheLengthLimit() {
		String name = pipe();
		int limit = TestPlatform.isWindows() ? 256 - "\\\\.\\pipe\\".length()
				: NamedPipePlatform.current().maxSocketPathBytes();
		return name + "n".repeat(limit - name.length());
	}

	@Test
	void endpointWithoutName() {
		this.runner.withPropertyValues("namedpipe.endpoints.admin.listener-queue-count=1")
			.run(failsWith("namedpipe.endpoints.admin.name", "(none)", "must not be empty", "Set a name"));
	}

	@Test
	void securityDescriptorTogetherWithCurrentUserOnly() {
		this.runner
			.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.security-descriptor=D:P(A;;GA;;;SY)")
			.run(failsWith("namedpipe.security-descriptor", "'D:P(A;;GA;;;SY)'", "current-user-only=true",
					"Set current-user-only to false"));
	}

	@Test
	void optionThatDoesNotApplyToThisOperatingSystem() {
		if (TestPlatform.isWindows()) {
			this.runner
				.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.current-user-only=false",
						"namedpipe.unix-socket-permissions=0660")
				.run(failsWith("namedpipe.unix-socket-permissions", "'rw-rw----'", "apply to Unix sockets only",
						"use security-descriptor on Windows"));
		}
		else {
			this.runner
				.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.current-user-only=false",
						"namedpipe.security-descriptor=D:P(A;;GA;;;SY)")
				.run(failsWith("namedpipe.security-descriptor", "'D:P(A;;GA;;;SY)'", "applies to Windows pipes only",
						"use unix-socket-permissions on Unix"));
		}
	}

	@Test
	void unparsableSocketPermissions() {
		this.runner
			.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.current-user-only=false",
					"namedpipe.endpoints.x.name=" + pipe(), "namedpipe.endpoints.x.unix-socket-permissions=rwz")
			.run(failsWith("namedpipe.endpoints.x.unix-socket-permissions", "'rwz'", "neither symbolic", "0660"));
	}

	@Test
	void socketPermissionsTogetherWithCurrentUserOnly() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.unix-socket-permissions=0660")
			.run(failsWith("namedpipe.unix-socket-permissions", "'rw-rw----'", "current-user-only=true",
					"Set current-user-only to false"));
	}

	@Test
	void negativeShutdownTimeout() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.shutdown-timeout=-1s")
			.run(failsWith("namedpipe.shutdown-timeout", "'PT-1S'", "cannot be negative", "0s"));
	}

	@Test
	void reservedEndpointId() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.endpoints.default.name=" + pipe)
			.run(failsWith("namedpipe.endpoints.default.name", pipe, "reserved for the top-level endpoint",
					"Choose another endpoint id"));
	}

	@Test
	void twoEndpointsOnOneName() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.name=" + pipe, "namedpipe.endpoints.admin.name=" + pipe)
			.run(failsWith("namedpipe.endpoints.admin.name", pipe, "would both listen on " + TestPipes.address(pipe),
					"its own name"));
	}

	@Test
	void noHandlerForARawEndpoint() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withPropertyValues("namedpipe.name=" + pipe())
			.run(failsWith("namedpipe.handler", "(none)", "there is no NamedPipeConnectionHandler bean",
					"namedpipe.http.enabled=true"));
	}

	@Test
	void handlerNameWithoutBean() {
		this.runner.withPropertyValues("namedpipe.endpoints.admin.name=" + pipe(),
				"namedpipe.endpoints.admin.handler=missing")
			.run(failsWith("namedpipe.endpoints.admin.handler", "'missing'", "no NamedPipeConnectionHandler bean of that name",
					"Name an existing"));
	}

	@Test
	void severalHandlersAndNoneNamed() {
		this.runner.withBean("second", NamedPipeConnectionHandler.class, () -> new EchoLineHandler(""))
			.withPropertyValues("namedpipe.name=" + pipe())
			.run(failsWith("namedpipe.handler", "(none)", "several NamedPipeConnectionHandler beans",
					"Declare one"));
	}

	@Test
	void noHandlerThreads() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.max-handler-threads=0")
			.run(failsWith("namedpipe.max-handler-threads", "'0'", "at least one thread", "Set it to 1 or more"));
	}

	@Test
	void unconvertibleValueIsABindFailureOfTheProperty() {
		this.runner
			.withPropertyValues("namedpipe.endpoints.admin.name=" + pipe(),
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
	@WineGap("FILE_FLAG_FIRST_PIPE_INSTANCE is ignored: a second server of a name in use starts")
	void nameAlreadyServedByAnotherServer() {
		String name = pipe();
		String address = TestPipes.address(name);
		this.runner.withPropertyValues("namedpipe.name=" + name).run((first) -> {
			assertThat(first).hasNotFailed();
			this.runner.withPropertyValues("namedpipe.name=" + name).run((second) -> {
				assertThat(second).hasFailed();
				FailureAnalysis analysis = new NamedPipeBindFailureAnalyzer().analyze(second.getStartupFailure());
				assertThat(analysis.getDescription())
					.startsWith("Named pipe endpoint 'default' could not listen on " + address + " (namedpipe.name="
							+ name + "): Named pipe '" + name + "' is already in use");
				assertThat(analysis.getAction()).isEqualTo(
						"Stop the process serving " + address + ", or set 'namedpipe.name' to another name.");
				assertThat(second.getStartupFailure()).hasRootCauseInstanceOf(NamedPipeInUseException.class);
			});
			assertThat(TestPipeClient.exchange(name, "still")).isEqualTo("still");
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
