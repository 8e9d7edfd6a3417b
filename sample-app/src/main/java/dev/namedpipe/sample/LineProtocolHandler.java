package dev.namedpipe.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionHandler;

/**
 * A line protocol: {@code echo <text>} answers the text, {@code time} the current instant,
 * {@code whoami} the peer's identity as the operating system reports it, {@code quit} ends
 * the connection. Every answer is one line.
 */
@Component
class LineProtocolHandler implements NamedPipeConnectionHandler {

	private final Clock clock;

	LineProtocolHandler() {
		this(Clock.systemUTC());
	}

	LineProtocolHandler(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void handle(NamedPipeConnection connection) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
		Writer writer = new OutputStreamWriter(connection.outputStream(), StandardCharsets.UTF_8);
		String line;
		while ((line = reader.readLine()) != null) {
			String command = line.strip();
			if (command.isEmpty()) {
				continue;
			}
			if (command.equals("quit")) {
				writer.write("bye\n");
				writer.flush();
				return;
			}
			writer.write(answer(command, connection) + "\n");
			writer.flush();
		}
	}

	private String answer(String command, NamedPipeConnection connection) {
		int space = command.indexOf(' ');
		String verb = (space < 0) ? command : command.substring(0, space);
		String argument = (space < 0) ? "" : command.substring(space + 1);
		return switch (verb) {
			case "echo" -> argument;
			case "time" -> Instant.now(this.clock).toString();
			case "whoami" -> connection.peer().toString();
			default -> "error: unknown command '" + verb + "' (try echo <text>, time, whoami, quit)";
		};
	}

}
