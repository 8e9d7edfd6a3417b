package dev.namedpipe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;

import dev.namedpipe.internal.ConnectDeadline;
import dev.namedpipe.unix.UnixDomainSocketClient;
import dev.namedpipe.windows.WindowsPipeClient;

/**
 * Connects to a named pipe as a client, waiting for the server to appear up to a timeout.
 * By default it then checks that the server runs as the current user, before a byte is sent
 * ({@link NamedPipeTransportOptions#verifyServerOwner()}).
 */
public final class NamedPipeClient {


	private NamedPipeClient() {
	}

	/**
	 * Connects to the pipe of a name on this platform.
	 * @param name the pipe name
	 * @param timeout how long to wait for a server
	 * @return the connection
	 * @throws NamedPipeServerOwnerException when the server is not the current user
	 * @throws IOException when no server accepted within the timeout
	 */
	public static NamedPipeConnection connect(String name, Duration timeout) throws IOException {
		return connect(NamedPipeEndPoint.of(name), NamedPipeTransportOptions.defaults(), timeout);
	}

	/**
	 * Connects to an endpoint.
	 * @param endPoint the endpoint
	 * @param options the buffer limits of the client connection and the server-owner check
	 * @param timeout how long to wait for a server
	 * @return the connection
	 * @throws NamedPipeServerOwnerException when the server is not the expected owner
	 * @throws IOException when no server accepted within the timeout
	 * @throws InvalidNamedPipeSettingException when an option does not apply to the platform
	 */
	public static NamedPipeConnection connect(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			Duration timeout) throws IOException {
		options.validateFor(endPoint.platform());
		if (endPoint.platform().isWindows()) {
			// Resolved only when this line runs, so JNA and the Windows classes load on Windows alone.
			return WindowsPipeClient.connect(endPoint, options, timeout);
		}
		ConnectDeadline deadline = new ConnectDeadline(endPoint, timeout);
		while (true) {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				channel.connect(UnixDomainSocketAddress.of(endPoint.unixSocketPath()));
				return UnixDomainSocketClient.connected(endPoint, options, channel);
			}
			catch (SocketException ex) {
				channel.close();
				if (!serverMissing(ex, endPoint)) {
					throw ex;
				}
				deadline.pause(deadline.remaining(ex));
			}
			catch (IOException | RuntimeException ex) {
				channel.close();
				throw ex;
			}
		}
	}

	// Refused (a stale file or a server not listening yet) or no socket file yet: worth waiting.
	// The file may appear between the failed connect and the look at it: the JDK's ENOENT
	// message says it was missing then.
	private static boolean serverMissing(SocketException ex, NamedPipeEndPoint endPoint) {
		return ex instanceof ConnectException || Files.notExists(endPoint.unixSocketPath(), LinkOption.NOFOLLOW_LINKS)
				|| "No such file or directory".equals(ex.getMessage());
	}

}
