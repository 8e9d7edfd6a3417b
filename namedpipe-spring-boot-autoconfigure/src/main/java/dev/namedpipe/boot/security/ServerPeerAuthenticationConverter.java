package dev.namedpipe.boot.security;

import jakarta.servlet.ServletRequest;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import dev.namedpipe.jetty.PeerIdentityCustomizer;

/**
 * Converts a WebFlux exchange that came over a named pipe into a
 * {@link PeerAuthenticationToken} of its peer; other exchanges give none. Boot runs WebFlux
 * on Jetty through the servlet adapter, whose native request carries the
 * {@link PeerIdentityCustomizer#PEER_IDENTITY_ATTRIBUTE} attribute.
 */
public final class ServerPeerAuthenticationConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		return Mono.justOrEmpty((nativeRequest instanceof ServletRequest servletRequest)
				? PeerAuthenticationToken.of(servletRequest.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE))
				: null);
	}

}
