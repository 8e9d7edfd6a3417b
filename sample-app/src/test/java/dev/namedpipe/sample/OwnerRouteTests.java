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
 * The sample's protected route: {@code /owner} answers the server's own user over the HTTP
 * pipe, authenticated as its peer, and refuses an anonymous TCP client with 401.
 */
@UnixOnly("curl over the Unix socket; curl cannot open a Win32 pipe")
class OwnerRouteTests {

	@TempDir
	Path dir;

	@Test
	void answersTheOwnerOverThePipeAndRefusesTcp() throws Exception {
		RequiredTool.CURL.require();
		String httpAddress = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.dir)).address();
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--namedpipe.name=" + PipeNames.uniqueIn(this.dir), "--namedpipe.endpoints.http.name=" + httpAddress,
				"--server.port=0", "--spring.main.banner-mode=off")) {
			assertThat(curl("--unix-socket", httpAddress, "http://localhost/owner"))
				.isEqualTo("hello owner " + TestPlatform.currentUser() + "\n200");
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(curl("http://localhost:" + port + "/owner")).isEqualTo("401");
		}
	}

	private String curl(String... arguments) throws Exception {
		String[] command = new String[arguments.length + 4];
		System.arraycopy(new String[] { "curl", "--silent", "--write-out", "%{http_code}" }, 0, command, 0, 4);
		System.arraycopy(arguments, 0, command, 4, arguments.length);
		ExternalProgram curl = ExternalProgram.run(this.dir, command);
		assertThat(curl.exitCode()).as("%s", curl).isZero();
		return curl.stdout();
	}

}
