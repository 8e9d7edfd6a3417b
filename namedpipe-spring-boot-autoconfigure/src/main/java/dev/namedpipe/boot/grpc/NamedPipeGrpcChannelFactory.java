package dev.namedpipe.boot.grpc;

import java.util.List;
import java.util.Map;

import io.grpc.ChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;

import org.springframework.core.Ordered;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.DefaultGrpcChannelFactory;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.VirtualTargets;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * Spring gRPC's channels to {@value #SCHEME}{@code <pipe>} targets, over the pipe client
 * ({@link NamedPipeGrpcChannels}): a channel named in {@code spring.grpc.client.channels.<name>}
 * with an address such as {@code namedpipe:my-app}, {@code namedpipe:/run/my-app.sock} or
 * {@code namedpipe:npipe:////./pipe/my-app}, or such a target given as it is. It comes first
 * among the application's channel factories and supports no other target, so the others (Netty)
 * keep theirs. Each channel's pipe client has the settings given for its address, or
 * {@link NamedPipeGrpcChannelSettings#DEFAULTS}. Channel credentials are not used: a pipe is
 * local, and the server's owner is checked instead.
 */
public class NamedPipeGrpcChannelFactory extends DefaultGrpcChannelFactory<OkHttpChannelBuilder> implements Ordered {

	/** The prefix of the targets this factory supports. */
	public static final String SCHEME = "namedpipe:";

	private final VirtualTargets targets;

	private final Map<String, NamedPipeGrpcChannelSettings> settingsByAddress;

	/**
	 * Creates a factory.
	 * @param customizers the customizers of every channel's builder
	 * @param interceptorsConfigurer configures the channels' client interceptors
	 * @param targets resolves a channel name to its address
	 * @param settingsByAddress the pipe client's settings by channel address
	 * ({@code namedpipe:my-app}); other addresses have the defaults
	 */
	public NamedPipeGrpcChannelFactory(List<GrpcChannelBuilderCustomizer<OkHttpChannelBuilder>> customizers,
			ClientInterceptorsConfigurer interceptorsConfigurer, VirtualTargets targets,
			Map<String, NamedPipeGrpcChannelSettings> settingsByAddress) {
		super(customizers, interceptorsConfigurer);
		this.targets = targets;
		this.settingsByAddress = Map.copyOf(settingsByAddress);
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
		NamedPipeGrpcChannelSettings settings = this.settingsByAddress.getOrDefault(target,
				NamedPipeGrpcChannelSettings.DEFAULTS);
		return NamedPipeGrpcChannels.forPipe(endPoint, settings.options(), settings.connectTimeout());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
