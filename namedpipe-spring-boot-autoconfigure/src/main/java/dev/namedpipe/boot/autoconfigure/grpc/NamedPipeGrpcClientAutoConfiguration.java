package dev.namedpipe.boot.autoconfigure.grpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.okhttp.OkHttpChannelBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.grpc.NamedPipeGrpcChannelFactory;
import dev.namedpipe.boot.grpc.NamedPipeGrpcChannelSettings;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of Spring gRPC channels over named pipes: a {@link NamedPipeGrpcChannelFactory} for the
 * channels whose address is {@code namedpipe:<pipe>}, beside Spring gRPC's own factories
 * (which then share a composite factory); the application's channel builder customizers
 * (Spring gRPC's per-channel properties among them) apply to its builders too. Each such
 * channel's address and its {@code namedpipe.grpc.client.channels.<name>} settings are
 * checked at startup, a bad one rejected naming the property.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class, before = CompositeChannelFactoryAutoConfiguration.class)
@ConditionalOnClass({ NamedPipeGrpcChannels.class, OkHttpChannelBuilder.class, GrpcClientProperties.class })
@ConditionalOnBean({ GrpcClientProperties.class, ClientInterceptorsConfigurer.class })
@EnableConfigurationProperties(NamedPipeGrpcClientProperties.class)
public final class NamedPipeGrpcClientAutoConfiguration {

	private static final String SETTINGS_PREFIX = "namedpipe.grpc.client.channels.";

	@Bean
	@ConditionalOnMissingBean
	NamedPipeGrpcChannelFactory namedPipeGrpcChannelFactory(GrpcClientProperties properties,
			NamedPipeGrpcClientProperties pipeProperties, ClientInterceptorsConfigurer interceptorsConfigurer,
			ObjectProvider<GrpcChannelBuilderCustomizer<?>> customizers) {
		List<GrpcChannelBuilderCustomizer<?>> ordered = customizers.orderedStream().toList();
		GrpcChannelBuilderCustomizer<OkHttpChannelBuilder> applicable = (target, builder) -> LambdaSafe
			.callbacks(GrpcChannelBuilderCustomizer.class, ordered, builder)
			.invoke((customizer) -> customizer.customize(target, builder));
		return new NamedPipeGrpcChannelFactory(List.of(applicable), interceptorsConfigurer, properties,
				settingsByAddress(properties, pipeProperties));
	}

	private static Map<String, NamedPipeGrpcChannelSettings> settingsByAddress(GrpcClientProperties properties,
			NamedPipeGrpcClientProperties pipeProperties) {
		Map<String, NamedPipeEndPoint> endPoints = new LinkedHashMap<>();
		properties.getChannels().forEach((name, channel) -> {
			String address = channel.getAddress();
			if (address != null && address.startsWith(NamedPipeGrpcChannelFactory.SCHEME)) {
				endPoints.put(name, endPoint(name, address));
			}
		});
		Map<String, NamedPipeGrpcChannelSettings> settingsByAddress = new LinkedHashMap<>();
		Map<String, String> namesByAddress = new LinkedHashMap<>();
		pipeProperties.getChannels().forEach((name, channel) -> {
			NamedPipeEndPoint endPoint = endPoints.get(name);
			if (endPoint == null) {
				throw new InvalidNamedPipePropertyException(SETTINGS_PREFIX + name, name,
						"the settings name no Spring gRPC channel whose address is namedpipe:<pipe>",
						"Name a channel of spring.grpc.client.channels, e.g. with spring.grpc.client.channels." + name
								+ ".address=namedpipe:my-app",
						null);
			}
			String address = properties.getChannels().get(name).getAddress();
			String other = namesByAddress.putIfAbsent(address, name);
			if (other != null) {
				throw new InvalidNamedPipePropertyException(SETTINGS_PREFIX + name, address,
						"channel '" + other + "' has the same address and settings of its own",
						"Give the settings under one of the two names, or name one channel", null);
			}
			settingsByAddress.put(address, settings(name, channel, endPoint));
		});
		return settingsByAddress;
	}

	private static NamedPipeEndPoint endPoint(String name, String address) {
		String pipe = address.substring(NamedPipeGrpcChannelFactory.SCHEME.length());
		try {
			return NamedPipeEndPoint.parse(pipe);
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw new InvalidNamedPipePropertyException("spring.grpc.client.channels." + name + ".address", address,
					ex.getReason(), ex.getAction(), ex);
		}
	}

	private static NamedPipeGrpcChannelSettings settings(String name, NamedPipeGrpcClientProperties.Channel channel,
			NamedPipeEndPoint endPoint) {
		String prefix = SETTINGS_PREFIX + name + ".";
		Duration connectTimeout = channel.getConnectTimeout();
		if (connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new InvalidNamedPipePropertyException(prefix + "connect-timeout", connectTimeout,
					"a connection needs time to reach the server", "Set a positive duration, such as 5s", null);
		}
		try {
			NamedPipeTransportOptions options = channel.transportOptions();
			options.validateFor(endPoint.platform());
			return new NamedPipeGrpcChannelSettings(options, connectTimeout);
		}
		catch (InvalidNamedPipeSettingException ex) {
			throw new InvalidNamedPipePropertyException(prefix + ex.getSetting(), ex.getValue(), ex.getReason(),
					ex.getAction(), ex);
		}
	}

}
