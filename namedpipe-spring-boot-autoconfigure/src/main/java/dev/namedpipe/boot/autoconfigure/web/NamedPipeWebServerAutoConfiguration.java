package dev.namedpipe.boot.autoconfigure.web;

import jakarta.servlet.ServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.boot.CompositeTransportObserver;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.NamedPipeProperties;
import dev.namedpipe.boot.web.NamedPipeJettyServerCustomizer;
import dev.namedpipe.boot.web.PeerIdentityWebFluxConfigurer;
import dev.namedpipe.boot.web.PeerIdentityWebMvcConfigurer;
import dev.namedpipe.jetty.NamedPipeServerConnector;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for HTTP over named pipes: endpoints with {@code http.enabled} are served by the embedded
 * Jetty server (servlet or reactive), and controllers may take a
 * {@link dev.namedpipe.PeerIdentity} parameter; any other server fails the start with a
 * message saying how to switch to Jetty.
 */
@AutoConfiguration(after = NamedPipeAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(WebServerFactoryCustomizer.class)
@ConditionalOnBean({ NamedPipeEndpoints.class, NamedPipeListeners.class })
@Conditional(OnNamedPipeHttpEndpointCondition.class)
public final class NamedPipeWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamedPipeWebServerCheck namedPipeWebServerCheck(NamedPipeEndpoints endpoints) {
		return new NamedPipeWebServerCheck(endpoints);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JettyServerCustomizer.class, NamedPipeServerConnector.class })
	static class JettyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NamedPipeJettyServerCustomizer namedPipeJettyServerCustomizer(NamedPipeEndpoints endpoints,
				NamedPipeListeners listeners, NamedPipeProperties properties,
				ObjectProvider<NamedPipeTransportObserver> observers) {
			return new NamedPipeJettyServerCustomizer(endpoints, listeners, CompositeTransportObserver.of(observers),
					properties.getHttp().isPipeOnly());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ WebMvcConfigurer.class, NamedPipeServerConnector.class })
	static class WebMvcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PeerIdentityWebMvcConfigurer peerIdentityWebMvcConfigurer() {
			return new PeerIdentityWebMvcConfigurer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ WebFluxConfigurer.class, ServletRequest.class, NamedPipeServerConnector.class })
	static class WebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PeerIdentityWebFluxConfigurer peerIdentityWebFluxConfigurer() {
			return new PeerIdentityWebFluxConfigurer();
		}

	}

}
