package dev.namedpipe.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeTransportOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeAutoConfiguration}: conditions, properties, inheritance,
 * overrides and handler selection, over real sockets.
 */
class NamedPipeAutoConfigurationTests {

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
		.withBean(NamedPipeConnectionHandler.class, () -> new EchoLineHandler("echo:"));

	private String socket(String name) {
		return this.dir.resolve(name).toString();
	}

	@Test
	void listensNowhereWithoutAName() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeEndpoints.class)
			.doesNotHaveBean(NamedPipeListenerLifecycle.class)
			.doesNotHaveBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME));
	}

	@Test
	void listensNowhereWhenDisabled() {
		this.runner.withPropertyValues("namedpipe.enabled=false", "namedpipe.name=" + socket("off.sock"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(NamedPipeListenerLifecycle.class);
				assertThat(this.dir.resolve("off.sock")).doesNotExist();
			});
	}

	@Test
	void refusesToStartWhenEnabledIsNotABoolean() {
		this.runner.withPropertyValues("namedpipe.enabled=maybe", "namedpipe.name=" + socket("maybe.sock"))
			.run((context) -> {
				assertThat(context).hasFailed();
				BindException failure = findCause(context.getStartupFailure(), BindException.class);
				assertThat(failure.getName()).hasToString("namedpipe.enabled");
				assertThat(failure.getProperty().getValue()).isEqualTo("maybe");
				assertThat(this.dir.resolve("maybe.sock")).doesNotExist();
			});
	}

	@Test
	void refusesToStartWhenEnabledIsNotABooleanEvenWithoutAnEndpoint() {
		this.runner.withPropertyValues("namedpipe.enabled=maybe").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure(), BindException.class).getName())
				.hasToString("namedpipe.enabled");
		});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	@Test
	void servesTheTopLevelEndpoint() {
		Path socket = this.dir.resolve("top.sock");
		this.runner.withPropertyValues("namedpipe.name=" + socket).run((context) -> {
			assertThat(context).hasSingleBean(NamedPipeListenerLifecycle.class);
			assertThat(context.getBean(NamedPipeListenerLifecycle.class).isRunning()).isTrue();
			assertThat(TestPipeClient.exchange(socket, "hello")).isEqualTo("echo:hello");
			NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
			assertThat(endpoint.propertyPrefix()).isEqualTo("namedpipe.");
			assertThat(endpoint.endPoint().address()).isEqualTo(socket.toString());
		});
		assertThat(socket).doesNotExist();
	}

	@Test
	void servesOnlyTheEndpointsWhenNoTopLevelName() {
		Path socket = this.dir.resolve("only.sock");
		this.runner.withPropertyValues("namedpipe.endpoints.admin.name=" + socket).run((context) -> {
			assertThat(context.getBean(NamedPipeEndpoints.class).all())
				.extracting(NamedPipeEndpointDefinition::id)
				.containsExactly("admin");
			assertThat(TestPipeClient.exchange(socket, "x")).isEqualTo("echo:x");
		});
	}

	@Test
	void bindsEveryPropertyToTheTransportOptions() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("all.sock"), "namedpipe.listener-queue-count=3",
					"namedpipe.max-read-buffer-size=2MB", "namedpipe.max-write-buffer-size=0",
					"namedpipe.current-user-only=false", "namedpipe.unix-socket-permissions=0660",
					"namedpipe.reject-remote-clients=false", "namedpipe.shutdown-timeout=5s")
			.run((context) -> {
				NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
				NamedPipeTransportOptions options = endpoint.options();
				assertThat(options.listenerQueueCount()).isEqualTo(3);
				assertThat(options.maxReadBufferSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(options.maxWriteBufferSize()).isZero();
				assertThat(options.currentUserOnly()).isFalse();
				assertThat(PosixFilePermissions.toString(options.unixSocketPermissions())).isEqualTo("rw-rw----");
				assertThat(options.rejectRemoteClients()).isFalse();
				assertThat(endpoint.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("all.sock"))))
					.isEqualTo("rw-rw----");
			});
	}

	@Test
	void usesTheTransportDefaultsWhenNothingIsSet() {
		this.runner.withPropertyValues("namedpipe.name=" + socket("defaults.sock")).run((context) -> {
			NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
			NamedPipeTransportOptions defaults = NamedPipeTransportOptions.defaults();
			assertThat(endpoint.options()).usingRecursiveComparison().isEqualTo(defaults);
			assertThat(endpoint.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(endpoint.handlerBeanName()).isNull();
			assertThat(endpoint.httpEnabled()).isFalse();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("defaults.sock"))))
				.isEqualTo("rw-------");
		});
	}

	@Test
	void endpointsInheritTheTopLevelSettingsAndOverrideThem() {
		this.runner
			.withPropertyValues("namedpipe.name=" + socket("main.sock"), "namedpipe.listener-queue-count=2",
					"namedpipe.max-write-buffer-size=16KB", "namedpipe.shutdown-timeout=7s",
					"namedpipe.endpoints.admin.name=" + socket("admin.sock"),
					"namedpipe.endpoints.admin.listener-queue-count=1",
					"namedpipe.endpoints.reports.name=" + socket("reports.sock"))
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				assertThat(endpoints.all()).extracting(NamedPipeEndpointDefinition::id)
					.containsExactly("default", "admin", "reports");
				NamedPipeEndpointDefinition admin = endpoints.get("admin").get();
				assertThat(admin.propertyPrefix()).isEqualTo("namedpipe.endpoints.admin.");
				assertThat(admin.options().listenerQueueCount()).isEqualTo(1);
				assertThat(admin.options().maxWriteBufferSize()).isEqualTo(16 * 1024);
				assertThat(admin.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(endpoints.get("reports").get().options().listenerQueueCount()).isEqualTo(2);
				for (String name : new String[] { "main.sock", "admin.sock", "reports.sock" }) {
					assertThat(TestPipeClient.exchange(this.dir.resolve(name), name)).isEqualTo("echo:" + name);
				}
			});
	}

	@Test
	void selectsTheHandlerOfEachEndpointByBeanName() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withUserConfiguration(TwoHandlersConfiguration.class)
			.withPropertyValues("namedpipe.name=" + socket("a.sock"), "namedpipe.handler=upper",
					"namedpipe.endpoints.admin.name=" + socket("b.sock"), "namedpipe.endpoints.admin.handler=lower")
			.run((context) -> {
				assertThat(TestPipeClient.exchange(this.dir.resolve("a.sock"), "x")).isEqualTo("upper:x");
				assertThat(TestPipeClient.exchange(this.dir.resolve("b.sock"), "x")).isEqualTo("lower:x");
			});
	}

	@Test
	void usesThePrimaryHandlerWhenNoneIsNamed() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withUserConfiguration(TwoHandlersConfiguration.class)
			.withBean("primaryHandler", NamedPipeConnectionHandler.class, () -> new EchoLineHandler("primary:"),
					(definition) -> definition.setPrimary(true))
			.withPropertyValues("namedpipe.name=" + socket("p.sock"))
			.run((context) -> assertThat(TestPipeClient.exchange(this.dir.resolve("p.sock"), "x"))
				.isEqualTo("primary:x"));
	}

	@Test
	void leavesHttpEndpointsToTheHttpModule() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withPropertyValues("namedpipe.name=" + socket("web.sock"), "namedpipe.http.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(NamedPipeEndpoints.class).get("default").get().httpEnabled()).isTrue();
				assertThat(context.getBean(NamedPipeEndpoints.class).raw()).isEmpty();
				assertThat(this.dir.resolve("web.sock")).doesNotExist();
				assertThat(context.getBean(NamedPipeListeners.class).get("default")).isEmpty();
			});
	}

	@Test
	void customizersAdjustTheOptionsOfEachEndpoint() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("namedpipe.name=" + socket("c1.sock"), "namedpipe.listener-queue-count=4",
					"namedpipe.endpoints.admin.name=" + socket("c2.sock"))
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				assertThat(endpoints.get("default").get().options().listenerQueueCount()).isEqualTo(4);
				assertThat(endpoints.get("default").get().options().maxReadBufferSize()).isEqualTo(4096);
				assertThat(endpoints.get("admin").get().options().listenerQueueCount()).isEqualTo(1);
				assertThat(endpoints.get("admin").get().options().maxReadBufferSize()).isEqualTo(4096);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheBeans() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("custom-");
		NamedPipeListeners listeners = new NamedPipeListeners();
		this.runner.withBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME, Executor.class, () -> executor)
			.withBean(NamedPipeListeners.class, () -> listeners)
			.withPropertyValues("namedpipe.name=" + socket("own.sock"))
			.run((context) -> {
				assertThat(context.getBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME)).isSameAs(executor);
				assertThat(context.getBean(NamedPipeListeners.class)).isSameAs(listeners);
				assertThat(listeners.get("default")).isPresent();
			});
		NamedPipeEndpoints own = new NamedPipeEndpoints(java.util.List.of());
		this.runner.withBean(NamedPipeEndpoints.class, () -> own)
			.withPropertyValues("namedpipe.name=" + socket("ignored.sock"))
			.run((context) -> {
				assertThat(context.getBean(NamedPipeEndpoints.class)).isSameAs(own);
				assertThat(this.dir.resolve("ignored.sock")).doesNotExist();
			});
	}

	@Test
	void handlesConnectionsOnBoundedPlatformThreadsByDefault() throws Exception {
		this.runner.withPropertyValues("namedpipe.name=" + socket("limit.sock"), "namedpipe.max-handler-threads=3")
			.run((context) -> assertThat(context
				.getBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME, SimpleAsyncTaskExecutor.class)
				.getConcurrencyLimit()).isEqualTo(3));
		Thread thread = handlerThreadOf();
		assertThat(thread.getName()).startsWith("namedpipe-connection-");
		assertThat(isVirtual(thread)).isFalse();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void handlesConnectionsOnVirtualThreadsWhenEnabled() throws Exception {
		assertThat(isVirtual(handlerThreadOf("spring.threads.virtual.enabled=true"))).isTrue();
	}

	// The thread a connection was handled on, in a context with the given properties.
	private Thread handlerThreadOf(String... properties) throws Exception {
		CompletableFuture<Thread> handlerThread = new CompletableFuture<>();
		Path socket = this.dir.resolve("thread.sock");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
				handlerThread.complete(Thread.currentThread());
				connection.outputStream().write('!');
			})
			.withPropertyValues("namedpipe.name=" + socket)
			.withPropertyValues(properties)
			.run((context) -> {
				try (TestPipeClient client = TestPipeClient.connect(socket)) {
					assertThat(client.readLine()).isEqualTo("!");
				}
			});
		return handlerThread.get();
	}

	@Test
	void abortsTheConnectionOfAThrowingHandlerAndKeepsListening() {
		RecordingObserver observer = new RecordingObserver();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(RecordingObserver.class, () -> observer)
			.withBean(NamedPipeConnectionHandler.class, () -> new EchoLineHandler("ok:") {
				@Override
				public void handle(dev.namedpipe.NamedPipeConnection connection) throws Exception {
					if (connection.inputStream().read() == 'x') {
						throw new IllegalStateException("handler failure on purpose");
					}
					super.handle(connection);
				}
			})
			.withPropertyValues("namedpipe.name=" + socket("throws.sock"))
			.run((context) -> {
				Path socket = this.dir.resolve("throws.sock");
				try (TestPipeClient client = TestPipeClient.connect(socket)) {
					client.send("x");
					assertThat(client.readLine()).isNull();
				}
				assertThat(observer.nextClosed()).isEqualTo(ConnectionErrorType.UNHANDLED_EXCEPTION);
				assertThat(TestPipeClient.exchange(socket, "-fine")).isEqualTo("ok:fine");
				assertThat(observer.nextClosed()).isEqualTo(ConnectionErrorType.NONE);
			});
	}

	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		if (Runtime.version().feature() < 21) {
			return false;
		}
		return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoHandlersConfiguration {

		@Bean
		NamedPipeConnectionHandler upper() {
			return new EchoLineHandler("upper:");
		}

		@Bean
		NamedPipeConnectionHandler lower() {
			return new EchoLineHandler("lower:");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(1)
		NamedPipeTransportOptionsCustomizer everyEndpoint() {
			return (endpointId, options) -> options.maxReadBufferSize(4096);
		}

		@Bean
		@Order(2)
		NamedPipeTransportOptionsCustomizer adminOnly() {
			return (endpointId, options) -> {
				if (endpointId.equals("admin")) {
					options.listenerQueueCount(1);
				}
			};
		}

	}

}
