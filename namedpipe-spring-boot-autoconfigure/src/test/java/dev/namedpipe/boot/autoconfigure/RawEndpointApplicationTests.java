package dev.namedpipe.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.testsupport.ExternalProgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose only server is a raw endpoint, in a JVM of its own: it goes on serving
 * after its {@code main} returns (the transport's threads are daemons; the lifecycle's
 * keep-alive thread is not), and asked to stop, it ends and releases the pipe.
 */
class RawEndpointApplicationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void servesAfterMainReturnsAndEndsWhenAskedTo() throws Exception {
		String pipe = TestPipes.uniqueName(this.dir);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), RawEndpointApplication.class.getName(), "--namedpipe.name=" + pipe);
		try (ExternalProgram application = ExternalProgram.start(this.dir, Map.of(), command)) {
			await().atMost(WAIT)
				.until(() -> application.stdout().contains(RawEndpointApplication.MAIN_RETURNED) || !application.isAlive());
			assertThat(application.isAlive()).as("%s", application).isTrue();
			assertThat(TestPipeClient.exchange(pipe, "after main")).isEqualTo("raw:after main");
			assertThat(application.isAlive()).as("%s", application).isTrue();
			application.stop();
			TestPipes.assertNotBound(pipe);
		}
	}

}
