package dev.namedpipe.boot.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.NamedPipeBindException;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.jetty.NamedPipeServerConnector;

/**
 * Adds a {@link NamedPipeServerConnector} to the embedded Jetty server for every endpoint
 * with {@code http.enabled}: it serves the protocols of Boot's TCP connector (HTTP/1.1, plus
 * h2c with {@code server.http2.enabled}) on a copy of its {@link HttpConfiguration}, tells
 * the transport observers (metrics) and registers its listener for health; a pipe that
 * cannot be bound fails the start with a {@link NamedPipeBindException}, or with an
 * {@link InvalidNamedPipePropertyException} for a setting the platform refused. In pipe-only
 * mode it removes Boot's TCP connectors, so that no port is opened. Runs last, after the
 * customizers that configure the TCP connector.
 */
public class NamedPipeJettyServerCustomizer implements JettyServerCustomizer, Ordered {

	private static final Log logger = LogFactory.getLog(NamedPipeJettyServerCustomizer.class);

	private static final boolean HTTP2_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory",
			NamedPipeJettyServerCustomizer.class.getClassLoader());

	private final NamedPipeEndpoints endpoints;

	private final NamedPipeListeners listeners;

	private final Supplier<NamedPipeTransportObserver> observer;

	private final boolean pipeOnly;

	/**
	 * Creates the customizer.
	 * @param endpoints the configured endpoints; those with {@code http.enabled} get a
	 * connector
	 * @param listeners where to register the connectors' listeners (health, metrics)
	 * @param observer the transport observer, asked for when the server is customized
	 * @param pipeOnly whether to remove Boot's TCP connectors
	 */
	public NamedPipeJettyServerCustomizer(NamedPipeEndpoints endpoints, NamedPipeListeners listeners,
			Supplier<NamedPipeTransportObserver> observer, boolean pipeOnly) {
		this.endpoints = endpoints;
		this.listeners = listeners;
		this.observer = observer;
		this.pipeOnly = pipeOnly;
	}

	@Override
	public void customize(Server server) {
		List<NamedPipeEndpointDefinition> httpEndpoints = this.endpoints.http();
		if (httpEndpoints.isEmpty()) {
			return;
		}
		ServerConnector tcp = findTcpConnector(server);
		HttpConfiguration template = httpConfiguration(tcp);
		boolean h2c = HTTP2_PRESENT && tcp != null
				&& tcp.getConnectionFactory(HTTP2CServerConnectionFactory.class) != null;
		NamedPipeTransportObserver transportObserver = this.observer.get();
		if (this.pipeOnly) {
			removeNetworkConnectors(server);
		}
		for (NamedPipeEndpointDefinition endpoint : httpEndpoints) {
			HttpConfiguration configuration = new HttpConfiguration(template);
			NamedPipeServerConnector connector = new EndpointConnector(server, endpoint, transportObserver,
					connectionFactories(configuration, h2c));
			if (tcp != null) {
				connector.setIdleTimeout(tcp.getIdleTimeout());
			}
			server.addConnector(connector);
		}
	}

	private static @Nullable ServerConnector findTcpConnector(Server server) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector) {
				return serverConnector;
			}
		}
		return null;
	}

	private static HttpConfiguration httpConfiguration(@Nullable ServerConnector tcp) {
		HttpConnectionFactory http = (tcp != null) ? tcp.getConnectionFactory(HttpConnectionFactory.class) : null;
		return (http != null) ? http.getHttpConfiguration() : new HttpConfiguration();
	}

	private static ConnectionFactory[] connectionFactories(HttpConfiguration configuration, boolean h2c) {
		List<ConnectionFactory> factories = new ArrayList<>();
		factories.add(new HttpConnectionFactory(configuration));
		if (h2c) {
			factories.add(new HTTP2CServerConnectionFactory(configuration));
		}
		return factories.toArray(ConnectionFactory[]::new);
	}

	private static void removeNetworkConnectors(Server server) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof NetworkConnector) {
				server.removeConnector(connector);
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The connector of one endpoint: registers its listener once bound, and reports a pipe
	 * that cannot be bound as the starter does ({@link NamedPipeEndpointDefinition#bindFailure}).
	 */
	private final class EndpointConnector extends NamedPipeServerConnector {

		private final NamedPipeEndpointDefinition endpoint;

		EndpointConnector(Server server, NamedPipeEndpointDefinition endpoint, NamedPipeTransportObserver observer,
				ConnectionFactory... factories) {
			super(server, endpoint.endPoint(), endpoint.options(), observer, factories);
			this.endpoint = endpoint;
		}

		@Override
		protected void doStart() throws Exception {
			try {
				super.doStart();
			}
			catch (IOException | InvalidNamedPipeSettingException ex) {
				throw this.endpoint.bindFailure(ex);
			}
			NamedPipeJettyServerCustomizer.this.listeners.register(this.endpoint.id(), getListener());
			logger.info("Named pipe endpoint '" + this.endpoint.id() + "' serving HTTP on "
					+ this.endpoint.endPoint().address());
		}

	}

}
