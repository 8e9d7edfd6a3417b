package dev.namedpipe.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;

/**
 * Answers every line with a prefix and the line, until the client ends the stream.
 */
public class EchoLineHandler implements NamedPipeConnectionHandler {

	private final String prefix;

	public EchoLineHandler(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public void handle(NamedPipeConnection connection) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
		PrintWriter writer = new PrintWriter(new OutputStreamWriter(connection.outputStream(), StandardCharsets.UTF_8),
				true);
		reader.lines().forEach((line) -> writer.printf("%s%s\n", this.prefix, line));
	}

}
