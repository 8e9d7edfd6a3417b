package dev.namedpipe.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The sample application, with its own configuration, on its HTTP pipe: h2c (curl's HTTP/2
 * prior-knowledge request is answered in HTTP/2) and the protected route ({@code /owner}
 * answers the server's own user over the pipe, authenticated as its peer, and refuses an
 * anonymous TCP client with 401), and its {@code @HttpExchange} client of its own HTTP pipe
 * ({@code /relay} over TCP answers what {@code /hello} said over the pipe).
 */
@UnixOnly("curl over the Unix socket; curl cannot open a Win32 pipe")
class HttpPipeTests {

	private static Path dir;

	private static String httpAddress;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void startTheSample() throws Exception {
		RequiredTool.CURL.require();
		dir = PipeNames.shortTempDirectory();
		httpAddress = NamedPipeEndPoint.of(PipeNames.uniqueIn(dir)).address();
		context = SpringApplication.run(SampleApplication.class, "--namedpipe.name=" + PipeNames.uniqueIn(dir),
				"--namedpipe.endpoints.http.name=" + httpAddress, "--server.port=0", "--spring.main.banner-mode=off");
	}

	@AfterAll
	static void stopTheSample() throws Exception {
		if (context != null) {
			context.close();
		}
		if (dir != null) {
			PipeNames.deleteDirectory(dir);
		}
	}

	@Test
	void answersHttp2WithPriorKnowledgeOnTheHttpPipe() throws Exception {
		assertThat(curl("--show-error", "--http2-prior-knowledge", "--unix-socket", httpAddress, "--write-out",
				"%{http_version}", "http://localhost/hello"))
			.isEqualTo("hello " + TestPlatform.currentUser() + "\n2");
	}

	@Test
	void answersTheOwnerOverThePipeAndRefusesTcp() throws Exception {
		assertThat(curl("--unix-socket", httpAddress, "--write-out", "%{http_code}", "http://localhost/owner"))
			.isEqualTo("hello owner " + TestPlatform.currentUser() + "\n200");
		String port = context.getEnvironment().getProperty("local.server.port");
		assertThat(curl("--write-out", "%{http_code}", "http://localhost:" + port + "/owner")).isEqualTo("401");
	}

	@Test
	void relaysHelloThroughItsHttpExchangeClientOverThePipe() throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		assertThat(curl("http://localhost:" + port + "/relay"))
			.isEqualTo("over the pipe: hello " + TestPlatform.currentUser() + "\n");
	}

	private static String curl(String... arguments) throws Exception {
		String[] command = new String[arguments.length + 2];
		command[0] = "curl";
		command[1] = "--silent";
		System.arraycopy(arguments, 0, command, 2, arguments.length);
		ExternalProgram curl = ExternalProgram.run(dir, command);
		assertThat(curl.exitCode()).as("%s", curl).isZero();
		return curl.stdout();
	}

}
