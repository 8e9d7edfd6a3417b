package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * User and group names of peers by uid and gid, looked up once (through the JDK's
 * {@code SO_PEERCRED} on the connection that brought a new id, which asks the user database)
 * and kept: at most {@value #MAX_IDS} ids each, the table starting over beyond.
 */
final class PeerNames {

	static final int MAX_IDS = 1024;

	private final Map<Long, String> users = new ConcurrentHashMap<>();

	private final Map<Long, String> groups = new ConcurrentHashMap<>();

	/**
	 * The names of the peer's user and primary group.
	 * @param channel the connection, asked when an id is new
	 * @param credentials its credentials
	 * @return the names (an id as text where the database has no name)
	 * @throws IOException when the JDK cannot read the connection's credentials
	 */
	Names of(SocketChannel channel, NativePeerCredentials.Credentials credentials) throws IOException {
		String user = this.users.get(credentials.uid());
		String group = this.groups.get(credentials.gid());
		if (user != null && group != null) {
			return new Names(user, group);
		}
		UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
		Names names = new Names(principal.user().getName(), principal.group().getName());
		remember(this.users, credentials.uid(), names.user());
		remember(this.groups, credentials.gid(), names.group());
		return names;
	}

	private static void remember(Map<Long, String> names, long id, String name) {
		if (names.size() >= MAX_IDS) {
			names.clear();
		}
		names.put(id, name);
	}

	/**
	 * A peer's names.
	 *
	 * @param user the user's name
	 * @param group the primary group's name
	 */
	record Names(String user, String group) {

	}

}
