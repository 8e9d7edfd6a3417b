package dev.namedpipe.unix;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Run by {@link SocketActivationTests} under {@code systemd-socket-activate}: binds a listener
 * on the path it is given, answers one line of one connection with {@code echo:<line>}, closes
 * the listener and prints whether the socket file is still there; a failure to bind is printed
 * as {@code failed: <message>} with exit code 1.
 */
public final class SocketActivatedEcho {

	private SocketActivatedEcho() {
	}

	public static void main(String[] args) throws Exception {
		Path path = Path.of(args[0]);
		NamedPipeConnectionListener listener;
		try {
			listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(path.toString()),
					NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
		}
		catch (Exception ex) {
			System.out.println("failed: " + ex.getMessage());
			System.exit(1);
			return;
		}
		try (listener; NamedPipeConnection connection = listener.accept(Duration.ofMinutes(1))) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
			OutputStream out = connection.outputStream();
			out.write(("echo:" + in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}
		System.out.println("closed, socket file " + (Files.exists(path) ? "kept" : "removed"));
	}

}
