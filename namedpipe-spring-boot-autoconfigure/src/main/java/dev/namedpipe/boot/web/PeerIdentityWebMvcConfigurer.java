package dev.namedpipe.boot.web;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets Spring MVC controllers take a {@link dev.namedpipe.PeerIdentity} parameter (see
 * {@link PeerIdentityArgumentResolver}).
 */
public class PeerIdentityWebMvcConfigurer implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new PeerIdentityArgumentResolver());
	}

}
