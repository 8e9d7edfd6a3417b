package dev.namedpipe.boot.autoconfigure.grpc;

import java.util.List;

import io.grpc.okhttp.OkHttpChannelBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.grpc.NamedPipeGrpcChannelFactory;
import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of Spring gRPC channels over named pipes: a {@link NamedPipeGrpcChannelFactory} for the
 * channels whose address is {@code namedpipe:<pipe>}, beside Spring gRPC's own factories
 * (which then share a composite factory); the application's channel builder customizers
 * apply to its builders too.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class, before = CompositeChannelFactoryAutoConfiguration.class)
@ConditionalOnClass({ NamedPipeGrpcChannels.class, OkHttpChannelBuilder.class, GrpcClientProperties.class })
@ConditionalOnBean({ GrpcClientProperties.class, ClientInterceptorsConfigurer.class })
public final class NamedPipeGrpcClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamedPipeGrpcChannelFactory namedPipeGrpcChannelFactory(GrpcClientProperties properties,
			ClientInterceptorsConfigurer interceptorsConfigurer,
			ObjectProvider<GrpcChannelBuilderCustomizer<?>> customizers) {
		List<GrpcChannelBuilderCustomizer<?>> ordered = customizers.orderedStream().toList();
		GrpcChannelBuilderCustomizer<OkHttpChannelBuilder> applicable = (target, builder) -> LambdaSafe
			.callbacks(GrpcChannelBuilderCustomizer.class, ordered, builder)
			.invoke((customizer) -> customizer.customize(target, builder));
		return new NamedPipeGrpcChannelFactory(List.of(applicable), interceptorsConfigurer, properties,
				NamedPipeTransportOptions.defaults(), NamedPipeGrpcChannels.DEFAULT_CONNECT_TIMEOUT);
	}

}
