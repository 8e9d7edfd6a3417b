package dev.namedpipe.boot.client;

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

	/**
	 * Creates the builders' source.
	 * @param clients the clients whose pipes the builders reach
	 */
	public NamedPipeWebClients(NamedPipeHttpClients clients) {
		this.clients = clients;
	}

	/**
	 * A new {@link WebClient} builder for a client.
	 * @param id the client's id
	 * @return the builder
	 * @throws IllegalArgumentException if no client has the id
	 */
	public WebClient.Builder webClientBuilder(String id) {
		NamedPipeHttpClientSettings client = this.clients.settings(id);
		return WebClient.builder()
			.clientConnector(new JettyClientHttpConnector(this.clients.httpClient(id)))
			.baseUrl(client.baseUrl().toString());
	}

}
