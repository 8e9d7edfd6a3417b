package dev.namedpipe.sample;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LineProtocolHandler} behind the auto-configured endpoint.
 */
class LineProtocolHandlerTests {

	@TempDir
	Path dir;

	@Test
	void answersEveryCommand() {
		String pipe = PipeNames.uniqueIn(this.dir);
		Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(NamedPipeConnectionHandler.class, () -> new LineProtocolHandler(clock))
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> {
				try (NamedPipeConnection client = NamedPipeClient.connect(NamedPipeEndPoint.of(pipe),
						NamedPipeTransportOptions.defaults(), Duration.ofSeconds(10))) {
					client.outputStream()
						.write("echo hello pipe\n\ntime\nwhoami\nfrobnicate\nquit\n".getBytes());
					client.outputStream().flush();
					String answers = new String(client.inputStream().readAllBytes());
					assertThat(answers).matches(Pattern.quote("hello pipe\n2026-01-02T03:04:05Z\n") + thisProcessAsPeer()
							+ Pattern.quote("\nerror: unknown command 'frobnicate' (try echo <text>, time, whoami, quit)\nbye\n"));
				}
			});
	}

	// What whoami says of a client in this process, as a pattern: its user and group on Unix,
	// its account, the account's SID and the process id on Windows.
	private static String thisProcessAsPeer() throws Exception {
		if (TestPlatform.isWindows()) {
			return Pattern.quote(TestPlatform.currentUser()) + " \\[S-1-5-21(-\\d+)+\\] "
					+ Pattern.quote("pid=" + ProcessHandle.current().pid());
		}
		return Pattern.quote(TestPlatform.currentUser() + " (group " + currentGroup() + ")");
	}

	private static String currentGroup() throws Exception {
		Process id = new ProcessBuilder("id", "-gn").start();
		String group = new String(id.getInputStream().readAllBytes()).strip();
		assertThat(id.waitFor()).isZero();
		return group;
	}

}
