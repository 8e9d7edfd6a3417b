package dev.namedpipe.boot.security;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;

/**
 * Authenticates the exchanges that came over a named pipe as their peer
 * ({@link PeerAuthenticationToken}) in a WebFlux {@code SecurityWebFilterChain}: an
 * {@link AuthenticationWebFilter} with a {@link ServerPeerAuthenticationConverter} and a
 * {@link PeerAuthenticationProvider}, at {@link SecurityWebFiltersOrder#AUTHENTICATION}.
 * Exchanges that did not come over a pipe pass untouched. As a bean, Spring Security applies
 * it to every {@link ServerHttpSecurity} it hands out.
 */
public final class NamedPipeServerHttpSecurityCustomizer implements Customizer<ServerHttpSecurity> {

	private final PeerAuthenticationProvider provider;

	/**
	 * Creates a customizer.
	 * @param authoritiesMapper gives a peer's authorities
	 */
	public NamedPipeServerHttpSecurityCustomizer(PeerAuthoritiesMapper authoritiesMapper) {
		this.provider = new PeerAuthenticationProvider(Objects.requireNonNull(authoritiesMapper, "authoritiesMapper"));
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		ReactiveAuthenticationManager manager = (authentication) -> Mono
			.fromCallable(() -> this.provider.authenticate(authentication));
		AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
		filter.setServerAuthenticationConverter(new ServerPeerAuthenticationConverter());
		http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
	}

}
