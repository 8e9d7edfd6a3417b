package dev.namedpipe.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import dev.namedpipe.NamedPipeConnection;

/**
 * Answers every line with a prefix and the line, until the client ends the stream.
 */
class EchoLineHandler implements NamedPipeConnectionHandler {

	private final String prefix;

	EchoLineHandler(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public void handle(NamedPipeConnection connection) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
		OutputStream output = connection.outputStream();
		String line;
		while ((line = reader.readLine()) != null) {
			output.write((this.prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
			output.flush();
		}
	}

}
