package dev.namedpipe.boot.client;

import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link WebClient} builders for the named-pipe HTTP clients (needs {@code spring-webflux}
 * and {@code jetty-reactive-httpclient}): each builder's connector reaches the client's pipe
 * through its Jetty client (Spring's {@link JettyClientHttpConnector}), its base URL is the
 * client's. A type of its own, so that an application without WebFlux can use
 * {@link NamedPipeHttpClients}.
 */
public final class NamedPipeWebClients {

	private final NamedPipeHttpClients clients;

	private final Supplier<WebClient.Builder> webClientBuilders;

	/**
	 * Creates the builders' source, whose builders start from {@link WebClient#builder()}.
	 * @param clients the clients whose pipes the builders reach
	 */
	public NamedPipeWebClients(NamedPipeHttpClients clients) {
		this(clients, WebClient::builder);
	}

	/**
	 * Creates the builders' source.
	 * @param clients the clients whose pipes the builders reach
	 * @param webClientBuilders a new builder on each call, to which a client's connector and
	 * base URL are applied: Spring Boot's {@code WebClient.Builder} (its codecs, customizers and
	 * observations) where there is one
	 */
	public NamedPipeWebClients(NamedPipeHttpClients clients, Supplier<WebClient.Builder> webClientBuilders) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.webClientBuilders = Objects.requireNonNull(webClientBuilders, "webClientBuilders");
	}

	/**
	 * A new {@link WebClient} builder for a client: its connector reaches the pipe, its base
	 * URL is the client's; the rest is the builder the constructor's supplier gave.
	 * @param id the client's id
	 * @return the builder
	 * @throws IllegalArgumentException if no client has the id
	 */
	public WebClient.Builder webClientBuilder(String id) {
		NamedPipeHttpClientSettings client = this.clients.settings(id);
		return this.webClientBuilders.get()
			.clientConnector(new JettyClientHttpConnector(this.clients.httpClient(id)))
			.baseUrl(client.baseUrl().toString());
	}

}
