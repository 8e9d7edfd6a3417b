package dev.namedpipe.boot.autoconfigure.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains the {@link NoClassDefFoundError} of Jetty's {@code HTTP2CServerConnectionFactory}
 * with which Boot's Jetty server fails to start when {@code server.http2.enabled=true} and
 * {@code org.eclipse.jetty.http2:jetty-http2-server} is missing: which dependency to add, or
 * which property to turn off.
 */
class Http2WithoutJettyHttp2FailureAnalyzer extends AbstractFailureAnalyzer<NoClassDefFoundError> {

	private static final String H2C_FACTORY = "org/eclipse/jetty/http2/server/HTTP2CServerConnectionFactory";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoClassDefFoundError cause) {
		if (cause.getMessage() == null || !cause.getMessage().replace('.', '/').equals(H2C_FACTORY)) {
			return null;
		}
		String description = "server.http2.enabled=true asks the embedded Jetty server for h2c (HTTP/2 over TCP "
				+ "and over named pipes), but Jetty's HTTP/2 server, org.eclipse.jetty.http2:jetty-http2-server, "
				+ "is not on the class path.";
		String action = "Add the dependency org.eclipse.jetty.http2:jetty-http2-server (its version is managed by "
				+ "Spring Boot), or set server.http2.enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
