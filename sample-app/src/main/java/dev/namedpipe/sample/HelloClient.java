package dev.namedpipe.sample;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The sample's own HTTP pipe as an {@code @HttpExchange} client ({@code namedpipe.client.self}
 * in application.yml, built in {@link HelloClientConfiguration}): what an application calling
 * another local service over a pipe writes.
 */
@HttpExchange
interface HelloClient {

	@GetExchange("/hello")
	String hello();

}
