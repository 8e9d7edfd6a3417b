package dev.namedpipe.boot.autoconfigure.security;

import jakarta.servlet.ServletRequest;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;

import dev.namedpipe.boot.autoconfigure.web.NamedPipeWebServerAutoConfiguration;
import dev.namedpipe.boot.security.DefaultPeerAuthoritiesMapper;
import dev.namedpipe.boot.security.NamedPipeHttpSecurityCustomizer;
import dev.namedpipe.boot.security.NamedPipeServerHttpSecurityCustomizer;
import dev.namedpipe.boot.security.PeerAuthoritiesMapper;
import dev.namedpipe.boot.web.NamedPipeJettyServerCustomizer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for Spring Security over named pipes: when pipes serve HTTP, a
 * {@link NamedPipeHttpSecurityCustomizer} (servlet) or
 * {@link NamedPipeServerHttpSecurityCustomizer} (WebFlux) bean, which Spring Security applies
 * to every security filter chain, authenticates the requests that came over a pipe as their
 * peer with the authorities of the {@link PeerAuthoritiesMapper} bean
 * ({@link DefaultPeerAuthoritiesMapper} unless the application defines one).
 */
@AutoConfiguration(after = NamedPipeWebServerAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(AuthenticationProvider.class)
@ConditionalOnBean(NamedPipeJettyServerCustomizer.class)
public final class NamedPipeSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PeerAuthoritiesMapper peerAuthoritiesMapper() {
		return DefaultPeerAuthoritiesMapper.forCurrentUser();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(HttpSecurity.class)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NamedPipeHttpSecurityCustomizer namedPipeHttpSecurityCustomizer(PeerAuthoritiesMapper authoritiesMapper) {
			return new NamedPipeHttpSecurityCustomizer(authoritiesMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ ServerHttpSecurity.class, ServletRequest.class })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NamedPipeServerHttpSecurityCustomizer namedPipeServerHttpSecurityCustomizer(
				PeerAuthoritiesMapper authoritiesMapper) {
			return new NamedPipeServerHttpSecurityCustomizer(authoritiesMapper);
		}

	}

}
