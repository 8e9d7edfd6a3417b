package dev.namedpipe.boot.autoconfigure.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Http2WithoutJettyHttp2FailureAnalyzer}, with the failure Boot's Jetty
 * factory reports (sample-app without jetty-http2-server: "Unable to start web server"
 * caused by this NoClassDefFoundError).
 */
class Http2WithoutJettyHttp2FailureAnalyzerTests {

	private final Http2WithoutJettyHttp2FailureAnalyzer analyzer = new Http2WithoutJettyHttp2FailureAnalyzer();

	@Test
	void missingH2cFactoryNamesThePropertyAndTheDependency() {
		FailureAnalysis analysis = this.analyzer.analyze(new ApplicationContextException("Unable to start web server",
				new NoClassDefFoundError("org/eclipse/jetty/http2/server/HTTP2CServerConnectionFactory")));

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("server.http2.enabled=true",
				"org.eclipse.jetty.http2:jetty-http2-server");
		assertThat(analysis.getAction()).startsWith("Add the dependency org.eclipse.jetty.http2:jetty-http2-server")
			.endsWith("or set server.http2.enabled=false.");
	}

	@Test
	void otherMissingClassesAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new ApplicationContextException("Unable to start web server",
				new NoClassDefFoundError("org/eclipse/jetty/server/Server")))).isNull();
		assertThat(this.analyzer.analyze(new NoClassDefFoundError())).isNull();
	}

}
