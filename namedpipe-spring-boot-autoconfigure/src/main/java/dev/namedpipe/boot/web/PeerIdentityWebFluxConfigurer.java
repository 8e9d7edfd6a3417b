package dev.namedpipe.boot.web;

import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Lets WebFlux controllers take a {@link dev.namedpipe.PeerIdentity} parameter (see
 * {@link PeerIdentityReactiveArgumentResolver}).
 */
public class PeerIdentityWebFluxConfigurer implements WebFluxConfigurer {

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new PeerIdentityReactiveArgumentResolver());
	}

}
