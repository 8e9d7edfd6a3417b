package dev.namedpipe.boot.grpc;

import java.time.Duration;
import java.util.List;

import io.grpc.ChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;

import org.springframework.core.Ordered;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.DefaultGrpcChannelFactory;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.VirtualTargets;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * Spring gRPC's channels to {@value #SCHEME}{@code <pipe>} targets, over the pipe client
 * ({@link NamedPipeGrpcChannels}): a channel named in {@code spring.grpc.client.channels.<name>}
 * with an address such as {@code namedpipe:my-app}, {@code namedpipe:/run/my-app.sock} or
 * {@code namedpipe:npipe:////./pipe/my-app}, or such a target given as it is. It comes first
 * among the application's channel factories and supports no other target, so the others (Netty)
 * keep theirs. Channel credentials are not used: a pipe is local, and the server's owner is
 * checked instead.
 */
public class NamedPipeGrpcChannelFactory extends DefaultGrpcChannelFactory<OkHttpChannelBuilder> implements Ordered {

	/** The prefix of the targets this factory supports. */
	public static final String SCHEME = "namedpipe:";

	private final VirtualTargets targets;

	private final NamedPipeTransportOptions options;

	private final Duration connectTimeout;

	/**
	 * Creates a factory.
	 * @param customizers the customizers of every channel's builder
	 * @param interceptorsConfigurer configures the channels' client interceptors
	 * @param targets resolves a channel name to its address
	 * @param options the options of the pipe client connections (the server-owner check)
	 * @param connectTimeout how long a new connection waits for the server
	 */
	public NamedPipeGrpcChannelFactory(List<GrpcChannelBuilderCustomizer<OkHttpChannelBuilder>> customizers,
			ClientInterceptorsConfigurer interceptorsConfigurer, VirtualTargets targets,
			NamedPipeTransportOptions options, Duration connectTimeout) {
		super(customizers, interceptorsConfigurer);
		this.targets = targets;
		this.options = options;
		this.connectTimeout = connectTimeout;
		setVirtualTargets(targets);
	}

	@Override
	public boolean supports(String target) {
		return this.targets.getTarget(target).startsWith(SCHEME);
	}

	@Override
	protected OkHttpChannelBuilder newChannelBuilder(String target, ChannelCredentials credentials) {
		if (!target.startsWith(SCHEME)) {
			throw new InvalidNamedPipeSettingException("spring.grpc.client.channels.<name>.address", target,
					"a named-pipe channel's address starts with " + SCHEME, "Write it as namedpipe:my-app");
		}
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.parse(target.substring(SCHEME.length()));
		return NamedPipeGrpcChannels.forPipe(endPoint, this.options, this.connectTimeout);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
