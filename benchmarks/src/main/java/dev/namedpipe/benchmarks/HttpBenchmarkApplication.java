package dev.namedpipe.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.jetty.NamedPipeServerConnector;

/**
 * The Spring MVC app of the HTTP scenarios, run as a process of its own. {@code bench.server}
 * picks who serves it: {@code pipe} (our Jetty connector), {@code jetty-unix} (Jetty's
 * {@code UnixDomainServerConnector}), {@code tomcat-unix} (Tomcat's NIO connector on a Unix
 * socket) or {@code jetty-tcp} (Jetty on {@code server.port}); {@code bench.socket} is the
 * socket path of the first three, {@code bench.unix-send-buffer-size} the send buffer of the
 * sockets our connector and Jetty's accept (the kernel's default when unset). It prints
 * {@value #READY} once it serves.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class HttpBenchmarkApplication {

	static final String READY = "benchmark-app-ready";

	static final String SMALL = "/small";

	static final String LARGE = "/large";

	static final int LARGE_SIZE = 1024 * 1024;

	static final long IDLE_TIMEOUT_MILLIS = 300_000;

	public static void main(String[] args) {
		HeapProbe.answerOnStandardInput();
		SpringApplication.run(HttpBenchmarkApplication.class, args);
	}

	@Bean
	ServletWebServerFactory webServerFactory(@Value("${bench.server}") String server,
			@Value("${bench.socket:}") String socket, @Value("${bench.unix-send-buffer-size:0}") int sendBuffer) {
		return switch (server) {
			case "pipe" -> jetty((jetty) -> jetty.addConnector(pipeConnector(jetty, socket, sendBuffer)));
			case "jetty-unix" -> jetty((jetty) -> jetty.addConnector(unixConnector(jetty, socket, sendBuffer)));
			case "jetty-tcp" -> jetty((jetty) -> {
			});
			case "tomcat-unix" -> {
				TomcatServletWebServerFactory tomcat = new TomcatServletWebServerFactory();
				tomcat.addConnectorCustomizers((connector) -> connector.setProperty("unixDomainSocketPath", socket));
				yield tomcat;
			}
			default -> throw new IllegalArgumentException("bench.server must be pipe, jetty-unix, jetty-tcp or "
					+ "tomcat-unix, not '" + server + "'");
		};
	}

	private static JettyServletWebServerFactory jetty(JettyServerCustomizer connectors) {
		JettyServletWebServerFactory jetty = new JettyServletWebServerFactory();
		jetty.addServerCustomizers(connectors, HttpBenchmarkApplication::longIdleTimeouts);
		return jetty;
	}

	private static NamedPipeServerConnector pipeConnector(Server server, String socket, int sendBuffer) {
		return new NamedPipeServerConnector(server, NamedPipeEndPoint.of(socket),
				NamedPipeTransportOptions.builder().unixSendBufferSize(sendBuffer).build(), NamedPipeTransportObserver.NONE, new HttpConnectionFactory(httpConfiguration(server)));
	}

	private static UnixDomainServerConnector unixConnector(Server server, String socket, int sendBuffer) {
		UnixDomainServerConnector connector = new UnixDomainServerConnector(server,
				new HttpConnectionFactory(httpConfiguration(server)));
		connector.setUnixDomainPath(Path.of(socket));
		if (sendBuffer > 0) {
			connector.setAcceptedSendBufferSize(sendBuffer);
		}
		return connector;
	}

	private static HttpConfiguration httpConfiguration(Server server) {
		HttpConnectionFactory tcp = server.getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class);
		return new HttpConfiguration(tcp.getHttpConfiguration());
	}

	/** Idle connections must stay open while the memory scenario measures them. */
	private static void longIdleTimeouts(Server server) {
		Arrays.stream(server.getConnectors())
			.filter(AbstractConnector.class::isInstance)
			.forEach((connector) -> ((AbstractConnector) connector).setIdleTimeout(IDLE_TIMEOUT_MILLIS));
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println(READY);
	}

	@RestController
	static class Endpoints {

		private final byte[] large = new byte[LARGE_SIZE];

		@GetMapping(SMALL)
		String small() {
			return "ok";
		}

		@GetMapping(LARGE)
		byte[] large() {
			return this.large;
		}

	}

}
