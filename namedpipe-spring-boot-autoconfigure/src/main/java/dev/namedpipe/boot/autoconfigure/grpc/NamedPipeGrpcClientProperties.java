package dev.namedpipe.boot.autoconfigure.grpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.namedpipe.boot.autoconfigure.client.NamedPipeClientConnectionProperties;

/**
 * Configuration properties of Spring gRPC's channels over named pipes,
 * {@code namedpipe.grpc.client.channels.<name>.*}: the pipe client's settings of the channel
 * {@code spring.grpc.client.channels.<name>}, whose address is {@code namedpipe:<pipe>}.
 */
@ConfigurationProperties("namedpipe.grpc.client")
public class NamedPipeGrpcClientProperties {

	/**
	 * Pipe client settings by Spring gRPC channel name (spring.grpc.client.channels.<name>,
	 * with a namedpipe: address); a namedpipe: channel not named here has the defaults.
	 */
	private Map<String, Channel> channels = new LinkedHashMap<>();

	public Map<String, Channel> getChannels() {
		return this.channels;
	}

	public void setChannels(Map<String, Channel> channels) {
		this.channels = channels;
	}

	/**
	 * One channel's pipe client.
	 */
	public static class Channel extends NamedPipeClientConnectionProperties {

	}

}
