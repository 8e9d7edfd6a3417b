package dev.namedpipe.windows;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.PeerIdentity;
import dev.namedpipe.internal.NameCache;

/**
 * The {@code DOMAIN\name} of clients' SIDs ({@code LookupAccountSid}, which may ask a domain
 * controller), looked up when an identity is first asked for its user, never on the accept
 * path, and kept per SID. A SID Windows has no name for is named by itself. Windows has no
 * primary group to report.
 */
final class AccountNames implements PeerIdentity.NameLookup {

	static final int MAX_IDS = 1024;

	private final NameCache<String> names;

	AccountNames(Win32Pipes pipes) {
		this.names = new NameCache<>(MAX_IDS, pipes::accountName, (sid) -> sid);
	}

	@Override
	public @Nullable String user(PeerIdentity peer) {
		String sid = peer.sid();
		return (sid != null) ? nameOf(sid) : null;
	}

	@Override
	public @Nullable String group(PeerIdentity peer) {
		return null;
	}

	String nameOf(String sid) {
		return this.names.nameOf(sid);
	}

}
