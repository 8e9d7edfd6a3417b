package dev.namedpipe.boot.security;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;

import dev.namedpipe.PeerIdentity;

/**
 * The authorities of the client on the other end of a named pipe. The auto-configuration
 * uses {@link DefaultPeerAuthoritiesMapper} unless the application defines a bean of this
 * type.
 */
@FunctionalInterface
public interface PeerAuthoritiesMapper {

	/**
	 * The authorities of a peer.
	 * @param peer the peer, with a user name or a uid
	 * @return its authorities, possibly none
	 */
	Collection<? extends GrantedAuthority> getAuthorities(PeerIdentity peer);

}
