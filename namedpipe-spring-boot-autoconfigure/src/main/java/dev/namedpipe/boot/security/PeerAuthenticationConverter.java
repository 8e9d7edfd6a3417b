package dev.namedpipe.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.namedpipe.jetty.PeerIdentityCustomizer;

/**
 * Converts a servlet request that came over a named pipe into a
 * {@link PeerAuthenticationToken} of its peer, read from the
 * {@link PeerIdentityCustomizer#PEER_IDENTITY_ATTRIBUTE} request attribute; other requests
 * (such as TCP ones) give none.
 */
public final class PeerAuthenticationConverter implements AuthenticationConverter {

	@Override
	public @Nullable PeerAuthenticationToken convert(HttpServletRequest request) {
		return PeerAuthenticationToken.of(request.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE));
	}

}
