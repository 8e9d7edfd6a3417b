package dev.namedpipe.boot.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code curl} against a Unix domain socket (or TCP) in its own process.
 */
final class Curl {

	/** What curl writes after the body: a line with the HTTP version and status. */
	private static final String TRAILER_FORMAT = "\n%{http_version} %{http_code}";

	private final Process process;

	private Curl(Process process) {
		this.process = process;
	}

	/**
	 * Starts curl on a URL, over the socket when one is given.
	 */
	static Curl start(Path socket, String url, String... options) throws IOException {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-w", TRAILER_FORMAT));
		if (socket != null) {
			command.add("--unix-socket");
			command.add(socket.toString());
		}
		command.addAll(List.of(options));
		command.add(url);
		return new Curl(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	static Response get(Path socket, String url, String... options) throws IOException, InterruptedException {
		return start(socket, url, options).response();
	}

	Response response() throws IOException, InterruptedException {
		String output = new String(this.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(this.process.waitFor(90, TimeUnit.SECONDS)).as("curl ended").isTrue();
		return Response.of(this.process.exitValue(), output);
	}

	/**
	 * What curl reported.
	 * @param exitCode curl's exit code (0: success, 7: could not connect)
	 * @param body the response body, or curl's error message
	 * @param httpVersion the HTTP version of the response ("1.1", "2")
	 * @param status the response status, 0 when there was none
	 */
	record Response(int exitCode, String body, String httpVersion, int status) {

		static Response of(int exitCode, String output) {
			int trailer = output.lastIndexOf('\n');
			String[] versionAndStatus = output.substring(trailer + 1).split(" ");
			return new Response(exitCode, output.substring(0, trailer), versionAndStatus[0],
					Integer.parseInt(versionAndStatus[1]));
		}

	}

}
