/**
 * Spring Boot support for the named-pipe transport: auto-configuration, properties,
 * lifecycle, metrics, observations, health, HTTP over pipes, Spring Security over pipes,
 * HTTP clients of pipes and gRPC services over pipes. Every package is exported, as Spring Boot makes its
 * auto-configurations and properties public; the packages that hold package-private failure
 * analyzers, conditions, configuration classes and {@code @Bean} methods are opened to Spring
 * Framework, which instantiates and invokes them reflectively. Metrics, observations, health,
 * HTTP, security and the
 * clients are optional ({@code requires static}): their auto-configurations back off when
 * those modules are absent.
 */
module dev.namedpipe.boot {

	requires transitive dev.namedpipe;
	requires transitive spring.beans;
	requires transitive spring.context;
	requires transitive spring.core;
	requires org.apache.commons.logging;
	requires spring.boot;
	requires spring.boot.autoconfigure;

	requires static dev.namedpipe.grpc;
	requires static dev.namedpipe.jetty;
	requires static io.grpc;
	requires static io.grpc.okhttp;
	requires static io.grpc.servlet.jakarta;
	requires static jakarta.servlet;
	requires static micrometer.commons;
	requires static micrometer.core;
	requires static micrometer.observation;
	requires static org.eclipse.jetty.client;
	requires static org.eclipse.jetty.http2.client;
	requires static org.eclipse.jetty.http2.client.transport;
	requires static org.eclipse.jetty.http2.server;
	requires static org.eclipse.jetty.server;
	requires static reactor.core;
	requires static spring.boot.health;
	requires static spring.boot.jetty;
	requires static spring.boot.micrometer.metrics;
	requires static spring.boot.micrometer.observation;
	requires static spring.boot.web.server;
	requires static spring.grpc.client.spring.boot.autoconfigure;
	requires static spring.grpc.core;
	requires static spring.security.config;
	requires static spring.security.core;
	requires static spring.security.web;
	requires static spring.web;
	requires static spring.webflux;
	requires static spring.webmvc;
	// annotations on spring-boot-health's types, read when compiling against them
	requires static com.fasterxml.jackson.annotation;

	exports dev.namedpipe.boot;
	exports dev.namedpipe.boot.client;
	exports dev.namedpipe.boot.grpc;
	exports dev.namedpipe.boot.autoconfigure;
	exports dev.namedpipe.boot.autoconfigure.client;
	exports dev.namedpipe.boot.autoconfigure.grpc;
	exports dev.namedpipe.boot.autoconfigure.health;
	exports dev.namedpipe.boot.autoconfigure.metrics;
	exports dev.namedpipe.boot.autoconfigure.observation;
	exports dev.namedpipe.boot.autoconfigure.security;
	exports dev.namedpipe.boot.autoconfigure.web;
	exports dev.namedpipe.boot.health;
	exports dev.namedpipe.boot.metrics;
	exports dev.namedpipe.boot.observation;
	exports dev.namedpipe.boot.security;
	exports dev.namedpipe.boot.web;

	// Spring instantiates package-private failure analyzers (spring.factories), conditions
	// and configuration classes, and invokes package-private @Bean methods, after making
	// them accessible with spring-core's ReflectionUtils.
	opens dev.namedpipe.boot to spring.core;
	opens dev.namedpipe.boot.autoconfigure to spring.core;
	opens dev.namedpipe.boot.autoconfigure.client to spring.core;
	opens dev.namedpipe.boot.autoconfigure.grpc to spring.core;
	opens dev.namedpipe.boot.autoconfigure.health to spring.core;
	opens dev.namedpipe.boot.autoconfigure.metrics to spring.core;
	opens dev.namedpipe.boot.autoconfigure.observation to spring.core;
	opens dev.namedpipe.boot.autoconfigure.security to spring.core;
	opens dev.namedpipe.boot.autoconfigure.web to spring.core;

}
