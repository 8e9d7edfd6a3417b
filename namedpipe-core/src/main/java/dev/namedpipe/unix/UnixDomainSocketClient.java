package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Wraps a client's connected Unix socket as a connection whose peer is the server, after
 * checking that the server runs as the expected user.
 *
 * <p>The server's user comes from the socket's peer credentials ({@code SO_PEERCRED}, the
 * uid the kernel recorded when the server called {@code listen}) as the JDK gives them: a
 * {@link UnixDomainPrincipal}, compared with the expected {@link UserPrincipal}, which the
 * JDK compares by uid. The uid itself is not exposed by the JDK, so messages name users.
 */
public final class UnixDomainSocketClient {

	private static volatile UserPrincipal currentUser;

	private UnixDomainSocketClient() {
	}

	/**
	 * Checks the server and wraps a connected channel; the caller closes the channel when
	 * this throws.
	 * @param endPoint the endpoint connected to
	 * @param options the buffer limits and the server-owner check
	 * @param channel the connected channel
	 * @return the connection
	 * @throws NamedPipeServerOwnerException when the server is not the expected user
	 * @throws IOException when the server's identity cannot be read
	 */
	public static NamedPipeConnection connected(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			SocketChannel channel) throws IOException {
		UnixDomainPrincipal server = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
		if (options.verifyServerOwner()) {
			UserPrincipal expected = expectedOwner(options.serverOwner());
			if (!expected.equals(server.user())) {
				throw new NamedPipeServerOwnerException(endPoint.name(), "'" + expected.getName() + "'",
						"'" + server.user().getName() + "'");
			}
		}
		return new UnixDomainSocketConnection(endPoint, UnixDomainSocketServer.identityOf(server), options, channel);
	}

	// A name or, when no user has that name, a numeric uid (the JDK's lookup reads both).
	private static UserPrincipal expectedOwner(String owner) throws IOException {
		if (owner == null) {
			return currentUser();
		}
		try {
			return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner);
		}
		catch (UserPrincipalNotFoundException ex) {
			throw new InvalidNamedPipeSettingException("server-owner", owner, "no user has that name on this system",
					"Give an existing user name or a numeric uid");
		}
	}

	// The owner of a file this process creates: its effective user, even without a name in
	// the user database. Read once.
	private static UserPrincipal currentUser() throws IOException {
		UserPrincipal user = currentUser;
		if (user == null) {
			Path probe = Files.createTempFile("namedpipe-owner", null);
			try {
				user = Files.getOwner(probe);
			}
			finally {
				Files.delete(probe);
			}
			currentUser = user;
		}
		return user;
	}

}
