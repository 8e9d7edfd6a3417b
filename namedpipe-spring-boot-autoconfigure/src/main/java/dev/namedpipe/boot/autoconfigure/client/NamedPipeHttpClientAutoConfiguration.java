package dev.namedpipe.boot.autoconfigure.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.client.HttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.client.NamedPipeHttpClientSettings;
import dev.namedpipe.boot.client.NamedPipeHttpClientSettings.Protocol;
import dev.namedpipe.boot.client.NamedPipeHttpClients;
import dev.namedpipe.boot.client.NamedPipeWebClients;
import dev.namedpipe.jetty.NamedPipeHttpClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the named-pipe HTTP clients: a {@link NamedPipeHttpClients} bean with a client per
 * {@code namedpipe.client.<id>} (and, with WebFlux, a {@link NamedPipeWebClients} bean),
 * each pipe and its server-owner check resolved (and a malformed one rejected, naming the
 * property) at startup. The builders start from Spring Boot's {@code RestClient.Builder} and
 * {@code WebClient.Builder} where the application has them. Needs {@code namedpipe-jetty},
 * {@code jetty-client} and {@code spring-web}.
 */
@AutoConfiguration
@ConditionalOnClass({ NamedPipeHttpClient.class, HttpClient.class, RestClient.class })
@EnableConfigurationProperties(NamedPipeClientProperties.class)
public final class NamedPipeHttpClientAutoConfiguration {

	private static final String HTTP2_CLIENT_TRANSPORT = "org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2";

	@Bean
	@ConditionalOnMissingBean
	NamedPipeHttpClients namedPipeHttpClients(NamedPipeClientProperties properties,
			ObjectProvider<RestClient.Builder> restClientBuilders, ResourceLoader resourceLoader) {
		Map<String, NamedPipeHttpClientSettings> settings = new LinkedHashMap<>();
		properties.getClient()
			.forEach((id, client) -> settings.put(id, settings(id, client, resourceLoader.getClassLoader())));
		return new NamedPipeHttpClients(settings, () -> restClientBuilders.getIfAvailable(RestClient::builder));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, JettyClientHttpConnector.class })
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NamedPipeWebClients namedPipeWebClients(NamedPipeHttpClients clients,
				ObjectProvider<WebClient.Builder> webClientBuilders) {
			return new NamedPipeWebClients(clients, () -> webClientBuilders.getIfAvailable(WebClient::builder));
		}

	}

	private static NamedPipeHttpClientSettings settings(String id, NamedPipeClientProperties.Client client,
			@Nullable ClassLoader classLoader) {
		String prefix = "namedpipe.client." + id + ".";
		String pipe = client.getPipe();
		if (pipe == null) {
			throw new InvalidNamedPipePropertyException(prefix + "pipe", null, "every named-pipe HTTP client needs a pipe",
					"Set " + prefix + "pipe to a pipe name, a socket path or a URI such as unix:///var/run/docker.sock",
					null);
		}
		if (client.getProtocol() == Protocol.H2C && !ClassUtils.isPresent(HTTP2_CLIENT_TRANSPORT, classLoader)) {
			throw new InvalidNamedPipePropertyException(prefix + "protocol", "h2c",
					"h2c needs Jetty's HTTP/2 client transport, which is not on the class path",
					"Add org.eclipse.jetty.http2:jetty-http2-client-transport to the application's dependencies, or set "
							+ prefix + "protocol to http1",
					null);
		}
		NamedPipeEndPoint endPoint;
		try {
			endPoint = NamedPipeEndPoint.parse(pipe);
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw new InvalidNamedPipePropertyException(prefix + "pipe", pipe, ex.getReason(), ex.getAction(), ex);
		}
		try {
			NamedPipeTransportOptions options = client.transportOptions();
			options.validateFor(endPoint.platform());
			return new NamedPipeHttpClientSettings(endPoint, options, client.getBaseUrl(), client.getConnectTimeout(),
					client.getIdleTimeout(), client.getReadTimeout(), client.getProtocol());
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw new InvalidNamedPipePropertyException(prefix + ex.getSetting(), ex.getValue(), ex.getReason(),
					ex.getAction(), ex);
		}
	}

}
