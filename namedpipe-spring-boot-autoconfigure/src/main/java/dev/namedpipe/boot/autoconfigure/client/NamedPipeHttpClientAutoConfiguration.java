package dev.namedpipe.boot.autoconfigure.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.client.HttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.client.NamedPipeHttpClientSettings;
import dev.namedpipe.boot.client.NamedPipeHttpClients;
import dev.namedpipe.boot.client.NamedPipeWebClients;
import dev.namedpipe.jetty.NamedPipeHttpClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the named-pipe HTTP clients: a {@link NamedPipeHttpClients} bean with a client per
 * {@code namedpipe.client.<id>} (and, with WebFlux, a {@link NamedPipeWebClients} bean),
 * each pipe and its server-owner check resolved (and a malformed one rejected, naming the
 * property) at startup. Needs {@code namedpipe-jetty}, {@code jetty-client} and
 * {@code spring-web}.
 */
@AutoConfiguration
@ConditionalOnClass({ NamedPipeHttpClient.class, HttpClient.class, RestClient.class })
@EnableConfigurationProperties(NamedPipeClientProperties.class)
public final class NamedPipeHttpClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamedPipeHttpClients namedPipeHttpClients(NamedPipeClientProperties properties) {
		Map<String, NamedPipeHttpClientSettings> settings = new LinkedHashMap<>();
		properties.getClient().forEach((id, client) -> settings.put(id, settings(id, client)));
		return new NamedPipeHttpClients(settings);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, JettyClientHttpConnector.class })
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NamedPipeWebClients namedPipeWebClients(NamedPipeHttpClients clients) {
			return new NamedPipeWebClients(clients);
		}

	}

	private static NamedPipeHttpClientSettings settings(String id, NamedPipeClientProperties.Client client) {
		String prefix = "namedpipe.client." + id + ".";
		String pipe = client.getPipe();
		if (pipe == null) {
			throw new InvalidNamedPipePropertyException(prefix + "pipe", null, "every named-pipe HTTP client needs a pipe",
					"Set " + prefix + "pipe to a pipe name, a socket path or a URI such as unix:///var/run/docker.sock",
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
			NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
				.verifyServerOwner(client.isVerifyServerOwner())
				.serverOwner(client.getServerOwner())
				.build();
			options.validateFor(endPoint.platform());
			return new NamedPipeHttpClientSettings(endPoint, options, client.getBaseUrl(), client.getConnectTimeout(),
					client.getIdleTimeout(), client.getReadTimeout());
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw new InvalidNamedPipePropertyException(prefix + ex.getSetting(), ex.getValue(), ex.getReason(),
					ex.getAction(), ex);
		}
	}

}
