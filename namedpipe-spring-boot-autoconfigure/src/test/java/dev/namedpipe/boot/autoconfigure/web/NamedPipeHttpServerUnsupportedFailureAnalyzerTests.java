package dev.namedpipe.boot.autoconfigure.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeHttpServerUnsupportedFailureAnalyzer}; the Tomcat case runs
 * against a real Tomcat in {@link NamedPipeWebServerAutoConfigurationTests}.
 */
class NamedPipeHttpServerUnsupportedFailureAnalyzerTests {

	private final NamedPipeHttpServerUnsupportedFailureAnalyzer analyzer = new NamedPipeHttpServerUnsupportedFailureAnalyzer();

	private static NamedPipeEndpointDefinition endpoint(String id, String prefix) {
		return new NamedPipeEndpointDefinition(id, prefix, NamedPipeEndPoint.of(id), NamedPipeTransportOptions.defaults(),
				Duration.ZERO, null, true, Map.of());
	}

	@Test
	void jettyWithoutTheModuleOnlyNeedsTheModule() {
		FailureAnalysis analysis = this.analyzer.analyze(new NamedPipeHttpServerUnsupportedException(
				"org.springframework.boot.jetty.servlet.JettyServletWebServerFactory",
				List.of(endpoint("web", "namedpipe.endpoints.web.")), true));
		assertThat(analysis.getDescription()).contains("namedpipe.endpoints.web.http.enabled=true")
			.contains("JettyServletWebServerFactory");
		assertThat(analysis.getAction()).isEqualTo("Add the dependency dev.namedpipe:namedpipe-jetty.");
	}

	@Test
	void reactorNettyIsToldToSwitchToJettyForEveryHttpEndpoint() {
		FailureAnalysis analysis = this.analyzer.analyze(new NamedPipeHttpServerUnsupportedException(
				"org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
				List.of(endpoint("default", "namedpipe."), endpoint("web", "namedpipe.endpoints.web.")), false));
		assertThat(analysis.getDescription())
			.contains("namedpipe.http.enabled, namedpipe.endpoints.web.http.enabled=true")
			.contains("NettyReactiveWebServerFactory");
		assertThat(analysis.getAction())
			.contains("spring-boot-starter-webflux, exclude org.springframework.boot:spring-boot-starter-reactor-netty")
			.contains("add org.springframework.boot:spring-boot-starter-jetty and dev.namedpipe:namedpipe-jetty")
			.contains("Or set namedpipe.http.enabled, namedpipe.endpoints.web.http.enabled=false");
	}

}
