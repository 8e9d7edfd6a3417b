package dev.namedpipe.boot.web;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.SyncHandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import dev.namedpipe.PeerIdentity;

/**
 * Resolves a {@link PeerIdentity} WebFlux controller method parameter to the identity of the
 * client on the other end of the named pipe the request came over, or {@code null} for a
 * request that did not come over a pipe. Boot runs WebFlux on Jetty through the servlet
 * adapter, whose native request carries the identity attribute.
 */
final class PeerIdentityReactiveArgumentResolver implements SyncHandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return PeerIdentityParameter.isPeerIdentity(parameter);
	}

	@Override
	public @Nullable PeerIdentity resolveArgumentValue(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		return (nativeRequest instanceof ServletRequest servletRequest)
				? PeerIdentityParameter.fromAttributes(servletRequest::getAttribute) : null;
	}

}
