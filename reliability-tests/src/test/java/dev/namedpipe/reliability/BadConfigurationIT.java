package dev.namedpipe.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every {@code namedpipe.*} property with an invalid value refuses to start, with a message
 * naming the property and the value (table-driven, through the auto-configuration).
 */
class BadConfigurationIT {

	private static Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
		.withBean("echo", NamedPipeConnectionHandler.class, () -> (connection) -> connection.inputStream().transferTo(connection.outputStream()));

	@BeforeAll
	static void createDirectory() throws Exception {
		directory = Pipes.shortDirectory();
	}

	@AfterAll
	static void deleteDirectory() throws Exception {
		assertThat(directory).isEmptyDirectory();
		Files.delete(directory);
	}

	/**
	 * property, invalid value, how the message shows the value (a size in bytes, a duration in
	 * ISO-8601 once bound), further settings the case needs.
	 */
	static Stream<Arguments> invalidSettings() {
		String badName = PipeNames.uniqueIn(directory);
		String name = "namedpipe.name=" + badName;
		String shared = "namedpipe.current-user-only=false";
		// past both limits: 107 bytes of a Unix socket path, 256 characters of a Windows name
		String longName = "x".repeat(300);
		String defaultEndpoint = PipeNames.uniqueIn(directory);
		// on Unix an SDDL does not apply; Windows refuses one that is not SDDL
		String securityDescriptor = TestPlatform.isWindows() ? "D:P(A;;GA;;;nobody)" : "D:P(A;;GA;;;SY)";
		return Stream.of(arguments("namedpipe.enabled", "maybe", "maybe", new String[] { name }),
				arguments("namedpipe.name", longName, longName, new String[0]),
				arguments("namedpipe.name", "bad\u0000name", "bad\u0000name", new String[0]),
				arguments("namedpipe.listener-queue-count", "0", "0", new String[] { name }),
				arguments("namedpipe.listener-queue-count", "257", "257", new String[] { name }),
				arguments("namedpipe.listener-queue-count", "many", "many", new String[] { name }),
				arguments("namedpipe.max-read-buffer-size", "-1B", "'-1'", new String[] { name }),
				arguments("namedpipe.max-read-buffer-size", "lots", "lots", new String[] { name }),
				arguments("namedpipe.max-write-buffer-size", "-1B", "'-1'", new String[] { name }),
				arguments("namedpipe.max-write-buffer-size", "lots", "lots", new String[] { name }),
				arguments("namedpipe.current-user-only", "maybe", "maybe", new String[] { name }),
				arguments("namedpipe.security-descriptor", securityDescriptor, securityDescriptor,
						new String[] { name, shared }),
				arguments("namedpipe.unix-socket-permissions", "rwxzzz---", "rwxzzz---", new String[] { name, shared }),
				arguments("namedpipe.unix-socket-permissions", "0999", "0999", new String[] { name, shared }),
				arguments("namedpipe.unix-socket-permissions", "r--r--r--", "r--r--r--", new String[] { name, shared }),
				arguments("namedpipe.unix-socket-permissions", "rw-rw----", "rw-rw----", new String[] { name }),
				arguments("namedpipe.reject-remote-clients", "maybe", "maybe", new String[] { name }),
				arguments("namedpipe.shutdown-timeout", "-1s", "PT-1S", new String[] { name }),
				arguments("namedpipe.shutdown-timeout", "soon", "soon", new String[] { name }),
				arguments("namedpipe.handler", "noSuchBean", "noSuchBean", new String[] { name }),
				arguments("namedpipe.http.enabled", "maybe", "maybe", new String[] { name }),
				arguments("namedpipe.max-handler-threads", "0", "0", new String[] { name }),
				arguments("namedpipe.max-handler-threads", "many", "many", new String[] { name }),
				arguments("namedpipe.endpoints.default.name", defaultEndpoint, defaultEndpoint, new String[0]),
				arguments("namedpipe.endpoints.admin.listener-queue-count", "0", "0",
						new String[] { "namedpipe.endpoints.admin.name=" + PipeNames.uniqueIn(directory) }),
				arguments("namedpipe.endpoints.admin.name", badName, badName, new String[] { name }));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("invalidSettings")
	void refusesToStartNamingThePropertyAndTheValue(String property, String value, String shownValue,
			String[] others) {
		this.runner.withPropertyValues(property + "=" + value).withPropertyValues(others).run((context) -> {
			assertThat(context).hasFailed();
			String messages = messageChain(context.getStartupFailure());
			Figures.report("bad configuration", "%s=%s -> %s", property, value, messages.replace('\n', ' '));
			assertThat(messages).contains(property).contains(shownValue);
		});
	}

	private static String messageChain(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append(" | ");
		}
		return messages.toString();
	}

}
