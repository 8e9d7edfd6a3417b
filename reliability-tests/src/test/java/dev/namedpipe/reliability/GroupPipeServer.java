package dev.namedpipe.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * A pipe server run as its own process (by {@link GroupPermissionIT}, as another user):
 * listens with {@code current-user-only=false} and the given socket permissions, answers each
 * connection with its peer's user name and what it sent, and closes the listener (removing
 * the socket file) when the process is asked to stop.
 */
public final class GroupPipeServer {

	private GroupPipeServer() {
	}

	/**
	 * Runs the server.
	 * @param arguments the socket path and its permissions, e.g. {@code rw-rw----}
	 * @throws Exception when it cannot listen
	 */
	public static void main(String[] arguments) throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions(arguments[1])
			.build();
		NamedPipeConnectionListener listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(arguments[0]), options,
				new NamedPipeTransportObserver() {
				});
		Runtime.getRuntime().addShutdownHook(new Thread(listener::close));
		System.out.println("listening");
		for (NamedPipeConnection next = listener.accept(); next != null; next = listener.accept()) {
			try (NamedPipeConnection connection = next) {
				connection.outputStream().write((connection.peer().user() + ":").getBytes(StandardCharsets.UTF_8));
				connection.inputStream().transferTo(connection.outputStream());
			}
			catch (IOException ex) {
				System.out.println("connection failed: " + ex);
			}
		}
	}

}
