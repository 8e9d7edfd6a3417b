package dev.namedpipe.boot.web;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.namedpipe.PeerIdentity;

/**
 * Resolves a {@link PeerIdentity} controller method parameter to the identity of the client
 * on the other end of the named pipe the request came over, or {@code null} for a request
 * that did not come over a pipe (e.g. over TCP).
 */
final class PeerIdentityArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return PeerIdentityParameter.isPeerIdentity(parameter);
	}

	@Override
	public @Nullable PeerIdentity resolveArgument(MethodParameter parameter,
			@Nullable ModelAndViewContainer mavContainer, NativeWebRequest webRequest,
			@Nullable WebDataBinderFactory binderFactory) {
		return PeerIdentityParameter
			.fromAttributes((name) -> webRequest.getAttribute(name, RequestAttributes.SCOPE_REQUEST));
	}

}
