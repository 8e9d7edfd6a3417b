package dev.namedpipe.boot.autoconfigure.web;

import java.util.List;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;

/**
 * Fails the start of an application whose endpoints serve HTTP over a named pipe when its
 * embedded web server cannot: anything but Jetty, or Jetty without {@code namedpipe-jetty}.
 */
final class NamedPipeWebServerCheck implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

	private static final ClassLoader CLASS_LOADER = NamedPipeWebServerCheck.class.getClassLoader();

	private static final String JETTY_FACTORY = "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory";

	private static final boolean NAMEDPIPE_JETTY_PRESENT = ClassUtils
		.isPresent("dev.namedpipe.jetty.NamedPipeServerConnector", CLASS_LOADER);

	private final NamedPipeEndpoints endpoints;

	/**
	 * Creates the check.
	 * @param endpoints the configured endpoints
	 */
	NamedPipeWebServerCheck(NamedPipeEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		List<NamedPipeEndpointDefinition> httpEndpoints = this.endpoints.http();
		if (httpEndpoints.isEmpty()) {
			return;
		}
		// By name, so that this class loads without Jetty
		boolean jetty = ClassUtils.getAllInterfacesForClassAsSet(factory.getClass())
			.stream()
			.anyMatch((type) -> type.getName().equals(JETTY_FACTORY));
		if (!jetty || !NAMEDPIPE_JETTY_PRESENT) {
			throw new NamedPipeHttpServerUnsupportedException(factory.getClass().getName(), httpEndpoints, jetty);
		}
	}

}
