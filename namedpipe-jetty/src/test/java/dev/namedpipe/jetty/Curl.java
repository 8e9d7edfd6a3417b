package dev.namedpipe.jetty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A curl command line over a Unix socket: silent, errors shown.
 */
final class Curl {

	private Curl() {
	}

	static String[] overSocket(Path socket, String... arguments) {
		List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--unix-socket",
				socket.toString()));
		command.addAll(List.of(arguments));
		return command.toArray(String[]::new);
	}

}
