package dev.namedpipe.jetty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NamedPipeHttpClient} against HTTP servers no one here wrote, each listening on the
 * pipe and started by the test: on Unix Python's {@code http.server}, Debian's nginx and Node's
 * {@code http} on a Unix socket, on both client paths; on Windows Node.js for Windows' {@code http}
 * on {@code \\.\pipe\<name>}. The client is started before the server is: its connect waits
 * for the pipe to appear. Each test checks {@code Host: localhost}, two requests on one
 * kept-alive connection (as the server counts them) and a body.
 */
class ForeignHttpServerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private NamedPipeHttpClient client;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
	}

	@AfterEach
	void stopClient() throws Exception {
		if (this.client != null) {
			this.client.stop();
		}
		PipeNames.deleteDirectory(this.directory);
	}

	@ParameterizedTest(name = "stream path: {0}")
	@ValueSource(booleans = { false, true })
	@UnixOnly("Python's http.server on a Unix socket")
	void pythonHttpServer(boolean streamPath) throws Exception {
		RequiredTool.PYTHON3.require();
		startClient(streamPath);
		Path script = ExternalProgram.copyResource(getClass(), "python-unix-http-server.py", this.directory);
		try (ExternalProgram python = ExternalProgram.start(this.directory, "python3", script.toString(),
				this.endPoint.address())) {
			assertThat(get("/first", python)).isEqualTo("python localhost 1");
			assertThat(get("/second", python)).isEqualTo("python localhost 2");
			assertEchoed(1024 * 1024, python);
		}
	}

	@ParameterizedTest(name = "stream path: {0}")
	@ValueSource(booleans = { false, true })
	@UnixOnly("nginx listening on unix:")
	void nginx(boolean streamPath) throws Exception {
		RequiredTool.NGINX.require();
		startClient(streamPath);
		Path data = TestData.file(this.directory, 1024 * 1024);
		Path configuration = this.directory.resolve("nginx.conf");
		Files.writeString(configuration, nginxConfiguration(), StandardCharsets.UTF_8);
		try (ExternalProgram nginx = ExternalProgram.start(this.directory, "/usr/sbin/nginx", "-p",
				this.directory.toString(), "-e", this.directory.resolve("error.log").toString(), "-c",
				configuration.toString())) {
			assertThat(get("/hello", nginx)).isEqualTo("nginx localhost 1");
			assertThat(get("/hello", nginx)).isEqualTo("nginx localhost 2");
			ContentResponse file = this.client.GET("/" + data.getFileName());
			assertThat(file.getStatus()).as("%s", nginx).isEqualTo(200);
			assertThat(file.getContent()).isEqualTo(Files.readAllBytes(data));
		}
	}

	@ParameterizedTest(name = "stream path: {0}")
	@ValueSource(booleans = { false, true })
	void nodeHttpServer(boolean streamPath) throws Exception {
		// Node's listen takes a Unix socket path, and on Windows a \\.\pipe\ path.
		RequiredTool.NODE.require();
		startClient(streamPath);
		Path script = ExternalProgram.copyResource(getClass(), "node-pipe-http-server.js", this.directory);
		try (ExternalProgram node = ExternalProgram.start(this.directory, "node", script.toString(),
				this.endPoint.address())) {
			assertThat(get("/first", node)).isEqualTo("node localhost 1");
			assertEchoed(1024 * 1024, node);
			assertThat(get("/second", node)).isEqualTo("node localhost 1");
		}
	}

	private void startClient(boolean streamPath) throws Exception {
		NamedPipeClientTransport transport = new NamedPipeClientTransport(this.endPoint, serverOwnerCheck());
		transport.setStreamEndPointsForced(streamPath);
		this.client = new NamedPipeHttpClient(transport);
		this.client.setConnectTimeout(WAIT.toMillis());
		this.client.start();
	}

	// Wine records no owner for a pipe created with the default security, as Node's is, so the
	// owner check (which real Windows passes: the owner is the creator's token owner) is off there
	// only (docs/windows.md, what Wine does not implement).
	private static NamedPipeTransportOptions serverOwnerCheck() {
		return NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build();
	}

	private String get(String path, ExternalProgram server) throws Exception {
		ContentResponse response = this.client.GET(path);
		assertThat(response.getStatus()).as("%s", server).isEqualTo(200);
		return response.getContentAsString();
	}

	private void assertEchoed(int bytes, ExternalProgram server) throws Exception {
		byte[] body = new byte[bytes];
		new Random(bytes).nextBytes(body);
		ContentResponse echo = this.client.newRequest("/echo")
			.method(HttpMethod.POST)
			.body(new BytesRequestContent(body))
			.send();
		assertThat(echo.getStatus()).as("%s", server).isEqualTo(200);
		assertThat(echo.getContent()).isEqualTo(body);
	}

	private String nginxConfiguration() {
		String directory = this.directory.toString();
		return """
				daemon off;
				master_process off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events {
				}
				http {
					access_log off;
					client_body_temp_path %1$s/client-body;
					proxy_temp_path %1$s/proxy;
					fastcgi_temp_path %1$s/fastcgi;
					uwsgi_temp_path %1$s/uwsgi;
					scgi_temp_path %1$s/scgi;
					server {
						listen unix:%2$s;
						location = /hello {
							default_type text/plain;
							return 200 "nginx $host $connection_requests";
						}
						location / {
							root %1$s;
						}
					}
				}
				""".formatted(directory, this.endPoint.address());
	}

}
