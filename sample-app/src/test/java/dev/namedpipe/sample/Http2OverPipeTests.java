package dev.namedpipe.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, with its own configuration, serves h2c on its HTTP pipe: curl's
 * HTTP/2 prior-knowledge request over the Unix socket is answered in HTTP/2.
 */
@UnixOnly("curl over the Unix socket; curl cannot open a Win32 pipe")
class Http2OverPipeTests {

	@TempDir
	Path dir;

	@Test
	void answersHttp2WithPriorKnowledgeOnTheHttpPipe() throws Exception {
		RequiredTool.CURL.require();
		String httpAddress = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.dir)).address();
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--namedpipe.name=" + PipeNames.uniqueIn(this.dir), "--namedpipe.endpoints.http.name=" + httpAddress,
				"--server.port=0", "--spring.main.banner-mode=off")) {
			ExternalProgram curl = ExternalProgram.run(this.dir, "curl", "--silent", "--show-error",
					"--http2-prior-knowledge", "--unix-socket", httpAddress, "--write-out", "%{http_version}",
					"http://localhost/hello");

			assertThat(curl.exitCode()).as("%s", curl).isZero();
			assertThat(curl.stdout()).isEqualTo("hello " + TestPlatform.currentUser() + "\n2");
		}
	}

}
