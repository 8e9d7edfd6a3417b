package dev.namedpipe.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One GET over a pipe, on a connection of its own, with Node.js's {@code http} client
 * (HTTP/1.1) or its {@code http2} client (h2c with prior knowledge), in a process of its own,
 * on both platforms: on a Unix socket path, or on {@code \\.\pipe\<name>} with Node.js for
 * Windows (on the Windows {@code PATH} under Wine). Without Node.js the test is skipped, or
 * fails when {@code CI=true}.
 */
public final class NodeHttpGet implements AutoCloseable {

	private static final String SCRIPT = "node-http-get.js";

	private final ExternalProgram node;

	private NodeHttpGet(ExternalProgram node) {
		this.node = node;
	}

	/**
	 * Starts a GET, whose response is read later.
	 * @param workDirectory where the script and Node.js's output go
	 * @param pipeAddress the socket path on Unix, {@code \\.\pipe\<name>} on Windows
	 * @param httpVersion {@code 1.1}, or {@code 2} for h2c
	 * @param path the request path, such as {@code /hello}
	 * @return the call under way
	 * @throws IOException when Node.js cannot be started
	 */
	public static NodeHttpGet start(Path workDirectory, String pipeAddress, String httpVersion, String path)
			throws IOException {
		RequiredTool.NODE.require();
		Path script = workDirectory.resolve(SCRIPT);
		if (!Files.exists(script)) {
			ExternalProgram.copyResource(NodeHttpGet.class, SCRIPT, workDirectory);
		}
		return new NodeHttpGet(ExternalProgram.start(workDirectory, "node", script.toString(), pipeAddress,
				httpVersion, path));
	}

	/**
	 * GETs a path with HTTP/1.1.
	 * @param workDirectory where the script and Node.js's output go
	 * @param pipeAddress the socket path on Unix, {@code \\.\pipe\<name>} on Windows
	 * @param path the request path
	 * @return the response
	 * @throws IOException when Node.js cannot be started
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static Response get(Path workDirectory, String pipeAddress, String path)
			throws IOException, InterruptedException {
		return start(workDirectory, pipeAddress, "1.1", path).response();
	}

	/**
	 * GETs a path with h2c (prior knowledge).
	 * @param workDirectory where the script and Node.js's output go
	 * @param pipeAddress the socket path on Unix, {@code \\.\pipe\<name>} on Windows
	 * @param path the request path
	 * @return the response
	 * @throws IOException when Node.js cannot be started
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static Response getHttp2(Path workDirectory, String pipeAddress, String path)
			throws IOException, InterruptedException {
		return start(workDirectory, pipeAddress, "2", path).response();
	}

	/**
	 * The client's process id, as the server may see it.
	 * @return the process id
	 */
	public long pid() {
		return this.node.pid();
	}

	/**
	 * Waits for the response; an error of the client (any {@code error} event, a response
	 * that does not end) fails the test.
	 * @return the response
	 * @throws InterruptedException when interrupted while waiting
	 */
	public Response response() throws InterruptedException {
		this.node.await();
		assertThat(this.node.exitCode()).as("%s", this.node).isZero();
		String output = this.node.stdout();
		int endOfStatus = output.indexOf('\n');
		String[] statusAndVersion = output.substring(0, endOfStatus).split(" ");
		return new Response(Integer.parseInt(statusAndVersion[0]), statusAndVersion[1],
				output.substring(endOfStatus + 1));
	}

	@Override
	public void close() throws InterruptedException {
		this.node.close();
	}

	/**
	 * A response.
	 * @param status the status
	 * @param httpVersion the HTTP version: {@code 1.1}, or {@code 2}
	 * @param body the body
	 */
	public record Response(int status, String httpVersion, String body) {

	}

}
