package dev.namedpipe.boot.security;

import java.util.Objects;

import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * Authenticates the requests that came over a named pipe as their peer
 * ({@link PeerAuthenticationToken}) in a servlet {@code SecurityFilterChain}: an
 * {@link AuthenticationFilter} with a {@link PeerAuthenticationConverter} and its own
 * {@link PeerAuthenticationProvider}, placed where pre-authentication filters go (before
 * {@link X509AuthenticationFilter}). Requests that did not come over a pipe pass untouched.
 * As a bean, Spring Security applies it to every {@link HttpSecurity} it hands out, hence
 * to the application's chains and to Boot's default one.
 */
public final class NamedPipeHttpSecurityCustomizer implements Customizer<HttpSecurity> {

	private final PeerAuthoritiesMapper authoritiesMapper;

	/**
	 * Creates a customizer.
	 * @param authoritiesMapper gives a peer's authorities
	 */
	public NamedPipeHttpSecurityCustomizer(PeerAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = Objects.requireNonNull(authoritiesMapper, "authoritiesMapper");
	}

	@Override
	public void customize(HttpSecurity http) {
		AuthenticationFilter filter = new AuthenticationFilter(
				new ProviderManager(new PeerAuthenticationProvider(this.authoritiesMapper)),
				new PeerAuthenticationConverter());
		// continue the chain, as pre-authentication does (no redirect to a saved request)
		filter.setSuccessHandler((request, response, authentication) -> {
		});
		http.addFilterBefore(filter, X509AuthenticationFilter.class);
	}

}
