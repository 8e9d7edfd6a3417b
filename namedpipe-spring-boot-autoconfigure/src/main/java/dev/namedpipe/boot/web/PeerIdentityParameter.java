package dev.namedpipe.boot.web;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

import dev.namedpipe.PeerIdentity;
import dev.namedpipe.jetty.PeerIdentityCustomizer;

/**
 * What the MVC and WebFlux argument resolvers share: which parameters they resolve, and
 * where a request keeps the identity.
 */
final class PeerIdentityParameter {

	private PeerIdentityParameter() {
	}

	/**
	 * Whether a parameter is a {@link PeerIdentity} without annotations: an annotated one,
	 * such as {@code @AuthenticationPrincipal PeerIdentity}, is left to its own resolver.
	 * @param parameter the parameter
	 * @return whether to resolve it
	 */
	static boolean isPeerIdentity(MethodParameter parameter) {
		return PeerIdentity.class.equals(parameter.getParameterType()) && !parameter.hasParameterAnnotations();
	}

	/**
	 * The identity from a request's attributes.
	 * @param attributes the request's attribute lookup
	 * @return the identity, or {@code null} when the request did not come over a pipe
	 */
	static @Nullable PeerIdentity fromAttributes(Function<String, @Nullable Object> attributes) {
		return (PeerIdentity) attributes.apply(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE);
	}

}
