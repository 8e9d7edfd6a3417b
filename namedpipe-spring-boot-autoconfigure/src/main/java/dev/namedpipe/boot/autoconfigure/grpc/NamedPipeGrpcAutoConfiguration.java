package dev.namedpipe.boot.autoconfigure.grpc;

import io.grpc.servlet.jakarta.GrpcServlet;
import io.grpc.servlet.jakarta.ServletServerBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.namedpipe.boot.autoconfigure.web.NamedPipeWebServerAutoConfiguration;
import dev.namedpipe.boot.web.NamedPipeJettyServerCustomizer;
import dev.namedpipe.grpc.NamedPipeGrpcFilter;
import dev.namedpipe.grpc.NamedPipeGrpcPeer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for gRPC services over named pipes: when pipes serve the application's HTTP and grpc-java's
 * servlet transport is present (as in Spring gRPC's servlet mode), a
 * {@link NamedPipeGrpcFilter} lets gRPC requests over a pipe reach the gRPC servlet, and with
 * Spring gRPC a {@link ServerBuilderCustomizer} puts each call's peer in its context
 * ({@link NamedPipeGrpcPeer#current()}).
 */
@AutoConfiguration(after = NamedPipeWebServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ NamedPipeGrpcFilter.class, GrpcServlet.class })
@ConditionalOnBean(NamedPipeJettyServerCustomizer.class)
public final class NamedPipeGrpcAutoConfiguration {

	/** The filter runs first, so that whatever reads a pipe request's addresses sees them. */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	@ConditionalOnMissingBean(name = "namedPipeGrpcFilter")
	FilterRegistrationBean<NamedPipeGrpcFilter> namedPipeGrpcFilter() {
		FilterRegistrationBean<NamedPipeGrpcFilter> registration = new FilterRegistrationBean<>(
				new NamedPipeGrpcFilter());
		registration.setOrder(FILTER_ORDER);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServerBuilderCustomizer.class)
	static class SpringGrpcConfiguration {

		@Bean
		ServerBuilderCustomizer<ServletServerBuilder> namedPipeGrpcPeerCustomizer() {
			return (builder) -> builder.addStreamTracerFactory(NamedPipeGrpcPeer.streamTracerFactory());
		}

	}

}
