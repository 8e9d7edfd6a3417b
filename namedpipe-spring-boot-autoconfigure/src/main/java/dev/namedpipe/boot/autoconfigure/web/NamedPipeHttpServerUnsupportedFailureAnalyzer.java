package dev.namedpipe.boot.autoconfigure.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link NamedPipeHttpServerUnsupportedException}: which dependencies switch the
 * application to Jetty, or which property turns HTTP over the pipe off.
 */
class NamedPipeHttpServerUnsupportedFailureAnalyzer
		extends AbstractFailureAnalyzer<NamedPipeHttpServerUnsupportedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NamedPipeHttpServerUnsupportedException cause) {
		String properties = String.join(", ",
				cause.getEndpointPrefixes().stream().map((prefix) -> prefix + "http.enabled").toList());
		String description = "HTTP over a named pipe (" + properties + "=true) is served by the embedded Jetty "
				+ "server with the namedpipe-jetty module, but this application's web server is "
				+ cause.getServerFactoryType() + ".";
		String action = cause.isJettyInUse() ? "Add the dependency dev.namedpipe:namedpipe-jetty." : """
				Switch the application to Jetty and add the named-pipe HTTP module:
				  - Spring MVC: in org.springframework.boot:spring-boot-starter-webmvc (or spring-boot-starter-web), \
				exclude org.springframework.boot:spring-boot-starter-tomcat;
				  - WebFlux: in org.springframework.boot:spring-boot-starter-webflux, \
				exclude org.springframework.boot:spring-boot-starter-reactor-netty;
				  - then add org.springframework.boot:spring-boot-starter-jetty and dev.namedpipe:namedpipe-jetty.
				Or set %s=false to serve raw connections on the pipe instead.""".formatted(properties);
		return new FailureAnalysis(description, action, cause);
	}

}
