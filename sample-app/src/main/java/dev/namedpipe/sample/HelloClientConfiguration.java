package dev.namedpipe.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import dev.namedpipe.boot.client.NamedPipeHttpClients;

/**
 * {@link HelloClient} over the named-pipe HTTP client {@code self}.
 */
@Configuration(proxyBeanMethods = false)
class HelloClientConfiguration {

	@Bean
	HelloClient helloClient(NamedPipeHttpClients clients) {
		RestClientAdapter adapter = RestClientAdapter.create(clients.restClientBuilder("self").build());
		return HttpServiceProxyFactory.builderFor(adapter).build().createClient(HelloClient.class);
	}

}
