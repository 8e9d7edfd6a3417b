package dev.namedpipe.boot.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.namedpipe.NamedPipeConnectionHandler;

/**
 * Run by {@link RawEndpointApplicationTests} in a JVM of its own: an application whose only
 * server is a raw endpoint ({@code --namedpipe.name=...}), no web server. It prints
 * {@value #MAIN_RETURNED} as its {@code main} returns.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@Import({ PropertyPlaceholderAutoConfiguration.class, NamedPipeAutoConfiguration.class })
public class RawEndpointApplication {

	static final String MAIN_RETURNED = "main returned";

	@Bean
	NamedPipeConnectionHandler echo() {
		return new EchoLineHandler("raw:");
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(RawEndpointApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
		System.out.println(MAIN_RETURNED);
	}

}
