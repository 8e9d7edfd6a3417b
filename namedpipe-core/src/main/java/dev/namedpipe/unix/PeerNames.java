package dev.namedpipe.unix;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.NameCache;

/**
 * The names of peers' uids and gids from the user database ({@link UserDatabase}), looked up
 * when an identity is first asked for one, never on the accept path, and kept per id. An id
 * the database has no name for is named by its number, as the JDK names it.
 */
final class PeerNames implements PeerIdentity.NameLookup {

	static final int MAX_IDS = 1024;

	private final NameCache<Long> users = new NameCache<>(MAX_IDS, UserDatabase::userName, String::valueOf);

	private final NameCache<Long> groups = new NameCache<>(MAX_IDS, UserDatabase::groupName, String::valueOf);

	@Override
	public @Nullable String user(PeerIdentity peer) {
		return peer.uid().isPresent() ? userName(peer.uid().getAsLong()) : null;
	}

	@Override
	public @Nullable String group(PeerIdentity peer) {
		return peer.gid().isPresent() ? this.groups.nameOf(peer.gid().getAsLong()) : null;
	}

	String userName(long uid) {
		return this.users.nameOf(uid);
	}

}
