package dev.namedpipe.boot.security;

import java.util.Objects;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a {@link PeerAuthenticationToken}: the operating system has vouched for the
 * peer, so it only adds the authorities of a {@link PeerAuthoritiesMapper}.
 */
public final class PeerAuthenticationProvider implements AuthenticationProvider {

	private final PeerAuthoritiesMapper authoritiesMapper;

	/**
	 * Creates a provider.
	 * @param authoritiesMapper gives a peer's authorities
	 */
	public PeerAuthenticationProvider(PeerAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = Objects.requireNonNull(authoritiesMapper, "authoritiesMapper");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		PeerAuthenticationToken token = (PeerAuthenticationToken) authentication;
		PeerAuthenticationToken result = PeerAuthenticationToken.authenticated(token.getPrincipal(),
				this.authoritiesMapper.getAuthorities(token.getPrincipal()));
		result.setDetails(token.getDetails());
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PeerAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
