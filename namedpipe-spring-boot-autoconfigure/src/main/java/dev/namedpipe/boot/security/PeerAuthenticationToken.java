package dev.namedpipe.boot.security;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import dev.namedpipe.PeerIdentity;

/**
 * An {@link org.springframework.security.core.Authentication} of the client on the other end
 * of a named pipe, pre-authenticated by the operating system: the principal is its
 * {@link PeerIdentity} (so {@code @AuthenticationPrincipal PeerIdentity} resolves it), there
 * are no credentials, and the name is the peer's user name, or its uid when the OS gave no
 * name.
 */
public final class PeerAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final PeerIdentity peer;

	private PeerAuthenticationToken(PeerIdentity peer, Collection<? extends GrantedAuthority> authorities,
			boolean authenticated) {
		super(authorities);
		this.peer = peer;
		super.setAuthenticated(authenticated);
	}

	/**
	 * A token for a peer, to be authenticated by {@link PeerAuthenticationProvider}.
	 * @param peer the peer, with a user name or a uid
	 * @return the unauthenticated token
	 */
	public static PeerAuthenticationToken unauthenticated(PeerIdentity peer) {
		return new PeerAuthenticationToken(peer, List.of(), false);
	}

	/**
	 * An authenticated token for a peer.
	 * @param peer the peer, with a user name or a uid
	 * @param authorities the peer's authorities
	 * @return the authenticated token
	 */
	public static PeerAuthenticationToken authenticated(PeerIdentity peer,
			Collection<? extends GrantedAuthority> authorities) {
		return new PeerAuthenticationToken(peer, authorities, true);
	}

	/**
	 * A token for the peer of a request, for the authentication converters.
	 * @param attribute the request's peer identity attribute
	 * @return the token, or {@code null} when the request did not come over a pipe or the OS
	 * did not say who the peer is (such a peer stays anonymous)
	 */
	static @Nullable PeerAuthenticationToken of(@Nullable Object attribute) {
		if (attribute instanceof PeerIdentity peer && (peer.user() != null || peer.uid().isPresent())) {
			return unauthenticated(peer);
		}
		return null;
	}

	@Override
	public PeerIdentity getPrincipal() {
		return this.peer;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		String user = this.peer.user();
		return (user != null) ? user : Long.toString(this.peer.uid().orElseThrow());
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		if (authenticated) {
			throw new IllegalArgumentException("Use PeerAuthenticationToken.authenticated to authenticate a peer");
		}
		super.setAuthenticated(false);
	}

}
