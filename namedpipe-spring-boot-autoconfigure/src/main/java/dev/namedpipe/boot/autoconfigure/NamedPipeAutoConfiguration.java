package dev.namedpipe.boot.autoconfigure;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.boot.CompositeTransportObserver;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListenerLifecycle;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.PooledHandlerExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the named-pipe transport: listens on the endpoints configured with
 * {@code namedpipe.name} and {@code namedpipe.endpoints.<id>.name}, and hands raw
 * connections to {@link NamedPipeConnectionHandler} beans.
 */
@AutoConfiguration
@Conditional({ OnNamedPipeEnabledCondition.class, OnNamedPipeEndpointCondition.class })
@EnableConfigurationProperties(NamedPipeProperties.class)
public final class NamedPipeAutoConfiguration {

	/** The name of the executor that runs connection handlers. */
	public static final String CONNECTION_EXECUTOR_BEAN_NAME = "namedPipeConnectionExecutor";

	private static final String CONNECTION_THREAD_PREFIX = "namedpipe-connection-";

	@Bean
	@ConditionalOnMissingBean
	NamedPipeEndpoints namedPipeEndpoints(NamedPipeProperties properties,
			ObjectProvider<NamedPipeTransportOptionsCustomizer> customizers) {
		return new NamedPipeEndpointResolver(properties, customizers.orderedStream().toList()).resolve();
	}

	@Bean
	@ConditionalOnMissingBean
	NamedPipeListeners namedPipeListeners() {
		return new NamedPipeListeners();
	}

	@Bean(name = CONNECTION_EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = CONNECTION_EXECUTOR_BEAN_NAME)
	Executor namedPipeConnectionExecutor(NamedPipeProperties properties, Environment environment) {
		if (Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(CONNECTION_THREAD_PREFIX);
			executor.setVirtualThreads(true);
			return executor;
		}
		int maxThreads = properties.getMaxHandlerThreads();
		if (maxThreads < 1) {
			throw new InvalidNamedPipePropertyException("namedpipe.max-handler-threads", maxThreads,
					"at least one thread must handle connections", "Set it to 1 or more, e.g. 200", null);
		}
		return new PooledHandlerExecutor(CONNECTION_THREAD_PREFIX, maxThreads);
	}

	@Bean
	@ConditionalOnMissingBean
	NamedPipeListenerLifecycle namedPipeListenerLifecycle(NamedPipeEndpoints endpoints, NamedPipeListeners listeners,
			ListableBeanFactory beanFactory, @Qualifier(CONNECTION_EXECUTOR_BEAN_NAME) Executor executor,
			ObjectProvider<NamedPipeTransportObserver> observers) {
		return new NamedPipeListenerLifecycle(endpoints.raw(), (endpoint) -> handler(endpoint, beanFactory), executor,
				listeners, CompositeTransportObserver.of(observers));
	}

	private static NamedPipeConnectionHandler handler(NamedPipeEndpointDefinition endpoint,
			ListableBeanFactory beanFactory) {
		String property = endpoint.propertyPrefix() + "handler";
		String beanName = endpoint.handlerBeanName();
		if (beanName != null) {
			try {
				return beanFactory.getBean(beanName, NamedPipeConnectionHandler.class);
			}
			catch (NoSuchBeanDefinitionException ex) {
				throw new InvalidNamedPipePropertyException(property, beanName,
						"there is no NamedPipeConnectionHandler bean of that name",
						"Name an existing NamedPipeConnectionHandler bean", ex);
			}
		}
		ObjectProvider<NamedPipeConnectionHandler> handlers = beanFactory
			.getBeanProvider(NamedPipeConnectionHandler.class);
		NamedPipeConnectionHandler handler = handlers.getIfUnique();
		if (handler == null) {
			String found = (handlers.stream().findAny().isPresent()) ? "several NamedPipeConnectionHandler beans"
					: "no NamedPipeConnectionHandler bean";
			throw new InvalidNamedPipePropertyException(property, null,
					"endpoint '" + endpoint.id() + "' serves raw connections and there is " + found,
					"Declare one NamedPipeConnectionHandler bean, name one with this property, or set "
							+ endpoint.propertyPrefix() + "http.enabled=true to serve HTTP (needs the named-pipe HTTP module)",
					null);
		}
		return handler;
	}

}
