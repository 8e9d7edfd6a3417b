package dev.namedpipe.boot.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.namedpipe.jetty.NamedPipeClientTransport;
import dev.namedpipe.jetty.NamedPipeHttpClient;

/**
 * The named-pipe HTTP clients of an application by id ({@code namedpipe.client.<id>.*}):
 * builders of {@link RestClient} (also for {@code @HttpExchange} interfaces) whose requests
 * go to the client's pipe, with its base URL and timeouts ({@link NamedPipeWebClients} for
 * {@code WebClient}).
 * Each id has one Jetty {@link NamedPipeHttpClient}, with its connection pool, started when
 * first used and stopped with this bean.
 */
public final class NamedPipeHttpClients implements DisposableBean {

	private final Map<String, NamedPipeHttpClientSettings> settings;

	private final Supplier<RestClient.Builder> restClientBuilders;

	private final Map<String, NamedPipeHttpClient> started = new LinkedHashMap<>();

	/**
	 * Creates the clients, whose builders start from {@link RestClient#builder()}.
	 * @param settings each client's settings by id
	 */
	public NamedPipeHttpClients(Map<String, NamedPipeHttpClientSettings> settings) {
		this(settings, RestClient::builder);
	}

	/**
	 * Creates the clients.
	 * @param settings each client's settings by id
	 * @param restClientBuilders a new builder on each call, to which a client's request factory
	 * and base URL are applied: Spring Boot's {@code RestClient.Builder} (its message converters,
	 * customizers and observations) where there is one
	 */
	public NamedPipeHttpClients(Map<String, NamedPipeHttpClientSettings> settings,
			Supplier<RestClient.Builder> restClientBuilders) {
		this.settings = Map.copyOf(settings);
		this.restClientBuilders = Objects.requireNonNull(restClientBuilders, "restClientBuilders");
	}

	/**
	 * The ids of the clients.
	 * @return the ids
	 */
	public Set<String> ids() {
		return this.settings.keySet();
	}

	/**
	 * A new {@link RestClient} builder for a client: its request factory reaches the pipe
	 * (Spring's {@link JettyClientHttpRequestFactory}), its base URL is the client's; the rest
	 * is the builder the constructor's supplier gave.
	 * @param id the client's id
	 * @return the builder
	 * @throws IllegalArgumentException if no client has the id
	 */
	public RestClient.Builder restClientBuilder(String id) {
		NamedPipeHttpClientSettings client = settings(id);
		JettyClientHttpRequestFactory requestFactory = new JettyClientHttpRequestFactory(httpClient(id));
		if (client.readTimeout() != null) {
			requestFactory.setReadTimeout(client.readTimeout());
		}
		return this.restClientBuilders.get().requestFactory(requestFactory).baseUrl(client.baseUrl().toString());
	}

	/**
	 * The Jetty client of an id, started.
	 * @param id the client's id
	 * @return the client
	 * @throws IllegalArgumentException if no client has the id
	 * @throws IllegalStateException if it cannot be started
	 */
	public synchronized NamedPipeHttpClient httpClient(String id) {
		NamedPipeHttpClientSettings client = settings(id);
		return this.started.computeIfAbsent(id, (key) -> start(client));
	}

	private static NamedPipeHttpClient start(NamedPipeHttpClientSettings settings) {
		NamedPipeClientTransport pipe = new NamedPipeClientTransport(settings.endPoint(), settings.options());
		NamedPipeHttpClient client = switch (settings.protocol()) {
			case HTTP1 -> new NamedPipeHttpClient(pipe);
			case H2C -> new NamedPipeHttpClient(pipe, H2cClientTransports.create());
		};
		client.setConnectTimeout(settings.connectTimeout().toMillis());
		client.setIdleTimeout(settings.idleTimeout().toMillis());
		try {
			client.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the HTTP client of named pipe " + settings.endPoint(), ex);
		}
		return client;
	}

	/**
	 * The settings of a client.
	 * @param id the client's id
	 * @return the settings
	 * @throws IllegalArgumentException if no client has the id
	 */
	public NamedPipeHttpClientSettings settings(String id) {
		NamedPipeHttpClientSettings client = this.settings.get(id);
		if (client == null) {
			throw new IllegalArgumentException(
					"No named-pipe HTTP client '" + id + "': set namedpipe.client." + id + ".pipe (configured: "
							+ this.settings.keySet() + ")");
		}
		return client;
	}

	@Override
	public synchronized void destroy() throws Exception {
		for (NamedPipeHttpClient client : this.started.values()) {
			client.stop();
		}
		this.started.clear();
	}

}
