package dev.namedpipe.boot.autoconfigure;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
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
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnectionHandler;
import dev.namedpipe.NamedPipeInstanceCustomizer;
import dev.namedpipe.NamedPipeInstanceSettings;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;
import dev.namedpipe.boot.NamedPipeListenerLifecycle;
import dev.namedpipe.boot.NamedPipeListeners;
import dev.namedpipe.boot.PooledHandlerExecutor;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.TestPlatform;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeAutoConfiguration}: conditions, properties, inheritance,
 * overrides and handler selection, over real pipes (Unix sockets, or Win32 pipes on
 * Windows).
 */
class NamedPipeAutoConfigurationTests {

	// Windows: .NET's full control of a pipe (hexadecimal in SDDL) for Everyone
	private static final String EVERYONE_FULL_CONTROL = "D:P(A;;0x1f019f;;;WD)";

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
		.withBean(NamedPipeConnectionHandler.class, () -> new EchoLineHandler("echo:"));

	private String pipe() {
		return TestPipes.uniqueName(this.dir);
	}

	@Test
	void listensNowhereWithoutAName() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NamedPipeEndpoints.class)
			.doesNotHaveBean(NamedPipeListenerLifecycle.class)
			.doesNotHaveBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME));
	}

	@Test
	void listensNowhereWhenDisabled() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.enabled=false", "namedpipe.name=" + pipe).run((context) -> {
			assertThat(context).doesNotHaveBean(NamedPipeListenerLifecycle.class);
			TestPipes.assertNotBound(pipe);
		});
	}

	@Test
	void refusesToStartWhenEnabledIsNotABoolean() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.enabled=maybe", "namedpipe.name=" + pipe).run((context) -> {
			assertThat(context).hasFailed();
			BindException failure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(failure.getName()).hasToString("namedpipe.enabled");
			assertThat(failure.getProperty().getValue()).isEqualTo("maybe");
			TestPipes.assertNotBound(pipe);
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
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.name=" + pipe).run((context) -> {
			assertThat(context).hasSingleBean(NamedPipeListenerLifecycle.class);
			assertThat(context.getBean(NamedPipeListenerLifecycle.class).isRunning()).isTrue();
			assertThat(TestPipeClient.exchange(pipe, "hello")).isEqualTo("echo:hello");
			NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
			assertThat(endpoint.propertyPrefix()).isEqualTo("namedpipe.");
			assertThat(endpoint.endPoint().address())
				.isEqualTo(TestPlatform.isWindows() ? "\\\\.\\pipe\\" + pipe : pipe);
		});
		TestPipes.assertNotBound(pipe);
	}

	@Test
	void servesOnlyTheEndpointsWhenNoTopLevelName() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.endpoints.admin.name=" + pipe).run((context) -> {
			assertThat(context.getBean(NamedPipeEndpoints.class).all())
				.extracting(NamedPipeEndpointDefinition::id)
				.containsExactly("admin");
			assertThat(TestPipeClient.exchange(pipe, "x")).isEqualTo("echo:x");
		});
	}

	// Who may connect is set by the option of the platform: the socket file's mode on Unix,
	// the pipe's security descriptor on Windows (each refuses the other's, see
	// InvalidNamedPipePropertyFailureAnalyzerTests).
	@Test
	void bindsEveryPropertyToTheTransportOptions() {
		String pipe = pipe();
		String access = TestPlatform.isWindows() ? "namedpipe.security-descriptor=" + EVERYONE_FULL_CONTROL
				: "namedpipe.unix-socket-permissions=0660";
		this.runner
			.withPropertyValues("namedpipe.name=" + pipe, "namedpipe.listener-queue-count=3",
					"namedpipe.max-read-buffer-size=2MB", "namedpipe.max-write-buffer-size=0",
					"namedpipe.current-user-only=false", access, "namedpipe.reject-remote-clients=false",
					"namedpipe.shutdown-timeout=5s")
			.run((context) -> {
				NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
				NamedPipeTransportOptions options = endpoint.options();
				assertThat(options.listenerQueueCount()).isEqualTo(3);
				assertThat(options.maxReadBufferSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(options.maxWriteBufferSize()).isZero();
				assertThat(options.currentUserOnly()).isFalse();
				assertThat(options.rejectRemoteClients()).isFalse();
				assertThat(endpoint.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
				if (TestPlatform.isWindows()) {
					assertThat(options.securityDescriptor()).isEqualTo(EVERYONE_FULL_CONTROL);
					assertThat(TestPipes.accessOf(pipe)).isEqualTo(EVERYONE_FULL_CONTROL);
				}
				else {
					assertThat(PosixFilePermissions.toString(options.unixSocketPermissions())).isEqualTo("rw-rw----");
					assertThat(TestPipes.accessOf(pipe)).isEqualTo("rw-rw----");
				}
			});
	}

	// Current-user-only: a socket file for its owner alone on Unix; on Windows a protected
	// DACL with one entry, .NET's full control for the token owner (whom core's Windows
	// integration tests compare with the token).
	@Test
	void usesTheTransportDefaultsWhenNothingIsSet() {
		String pipe = pipe();
		this.runner.withPropertyValues("namedpipe.name=" + pipe).run((context) -> {
			NamedPipeEndpointDefinition endpoint = context.getBean(NamedPipeEndpoints.class).get("default").get();
			NamedPipeTransportOptions defaults = NamedPipeTransportOptions.defaults();
			assertThat(endpoint.options()).usingRecursiveComparison().isEqualTo(defaults);
			assertThat(endpoint.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(endpoint.handlerBeanName()).isNull();
			assertThat(endpoint.httpEnabled()).isFalse();
			assertThat(TestPipes.accessOf(pipe))
				.matches(TestPlatform.isWindows() ? "D:P\\(A;;0x1f019f;;;[^;()]+\\)" : "rw-------");
		});
	}

	@Test
	void endpointsInheritTheTopLevelSettingsAndOverrideThem() {
		String main = pipe();
		String admin = pipe();
		String reports = pipe();
		this.runner
			.withPropertyValues("namedpipe.name=" + main, "namedpipe.listener-queue-count=2",
					"namedpipe.max-write-buffer-size=16KB", "namedpipe.shutdown-timeout=7s",
					"namedpipe.endpoints.admin.name=" + admin, "namedpipe.endpoints.admin.listener-queue-count=1",
					"namedpipe.endpoints.reports.name=" + reports)
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				assertThat(endpoints.all()).extracting(NamedPipeEndpointDefinition::id)
					.containsExactly("default", "admin", "reports");
				NamedPipeEndpointDefinition adminEndpoint = endpoints.get("admin").get();
				assertThat(adminEndpoint.propertyPrefix()).isEqualTo("namedpipe.endpoints.admin.");
				assertThat(adminEndpoint.options().listenerQueueCount()).isEqualTo(1);
				assertThat(adminEndpoint.options().maxWriteBufferSize()).isEqualTo(16 * 1024);
				assertThat(adminEndpoint.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(endpoints.get("reports").get().options().listenerQueueCount()).isEqualTo(2);
				for (String pipe : List.of(main, admin, reports)) {
					assertThat(TestPipeClient.exchange(pipe, pipe)).isEqualTo("echo:" + pipe);
				}
			});
	}

	@Test
	void limitsAreInheritedExceptTheIdleTimeoutByHttpEndpoints() {
		String main = pipe();
		String web = pipe();
		this.runner
			.withPropertyValues("namedpipe.name=" + main, "namedpipe.max-connections=50",
					"namedpipe.idle-timeout=2m", "namedpipe.endpoints.web.name=" + web,
					"namedpipe.endpoints.web.http.enabled=true", "namedpipe.endpoints.web.max-connections=10")
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				NamedPipeTransportOptions raw = endpoints.get("default").get().options();
				assertThat(raw.maxConnections()).isEqualTo(50);
				assertThat(raw.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
				NamedPipeTransportOptions http = endpoints.get("web").get().options();
				assertThat(http.maxConnections()).isEqualTo(10);
				assertThat(http.idleTimeout()).isNull();
			});
	}

	@Test
	void instanceBufferSizesAreInheritedAndTheOptionsCustomizerSetsTheInstanceCustomizer() {
		String main = pipe();
		String web = pipe();
		NamedPipeInstanceCustomizer writeThrough = (endPoint, settings) -> settings.withWriteThrough(true);
		this.runner
			.withBean(NamedPipeTransportOptionsCustomizer.class,
					() -> (id, options) -> options.instanceCustomizer(writeThrough))
			.withPropertyValues("namedpipe.name=" + main, "namedpipe.instance-in-buffer-size=4KB",
					"namedpipe.instance-out-buffer-size=0", "namedpipe.endpoints.web.name=" + web,
					"namedpipe.endpoints.web.http.enabled=true", "namedpipe.endpoints.web.instance-out-buffer-size=1MB")
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				NamedPipeTransportOptions raw = endpoints.get("default").get().options();
				assertThat(raw.instanceSettings()).isEqualTo(new NamedPipeInstanceSettings(4096, 0, false, true));
				assertThat(raw.instanceCustomizer()).isSameAs(writeThrough);
				NamedPipeTransportOptions http = endpoints.get("web").get().options();
				assertThat(http.instanceInBufferSize()).isEqualTo(4096);
				assertThat(http.instanceOutBufferSize()).isEqualTo(1024 * 1024);
			});
	}

	@Test
	@UnixOnly("Windows refuses the Unix send buffer: NamedPipeTransportOptionsTests")
	void unixSendBufferSizeIsInheritedByEndpoints() {
		this.runner
			.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.unix-send-buffer-size=1MB",
					"namedpipe.endpoints.web.name=" + pipe(), "namedpipe.endpoints.web.http.enabled=true",
					"namedpipe.endpoints.small.name=" + pipe(), "namedpipe.endpoints.small.unix-send-buffer-size=0")
			.run((context) -> {
				NamedPipeEndpoints endpoints = context.getBean(NamedPipeEndpoints.class);
				assertThat(endpoints.get("default").get().options().unixSendBufferSize()).isEqualTo(1024 * 1024);
				assertThat(endpoints.get("web").get().options().unixSendBufferSize()).isEqualTo(1024 * 1024);
				assertThat(endpoints.get("small").get().options().unixSendBufferSize()).isZero();
			});
	}

	@Test
	void negativeUnixSendBufferSizeFailsTheStartNamingThePropertyAndTheValue() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.unix-send-buffer-size=-1B")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), InvalidNamedPipePropertyException.class))
					.hasMessageContaining("'namedpipe.unix-send-buffer-size'")
					.hasMessageContaining("'-1'");
			});
	}

	@Test
	void negativeInstanceBufferSizeFailsTheStartNamingThePropertyAndTheValue() {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.instance-in-buffer-size=-1B")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), InvalidNamedPipePropertyException.class))
					.hasMessageContaining("'namedpipe.instance-in-buffer-size'")
					.hasMessageContaining("'-1'");
			});
	}

	@Test
	void selectsTheHandlerOfEachEndpointByBeanName() {
		String main = pipe();
		String admin = pipe();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withUserConfiguration(TwoHandlersConfiguration.class)
			.withPropertyValues("namedpipe.name=" + main, "namedpipe.handler=upper",
					"namedpipe.endpoints.admin.name=" + admin, "namedpipe.endpoints.admin.handler=lower")
			.run((context) -> {
				assertThat(TestPipeClient.exchange(main, "x")).isEqualTo("upper:x");
				assertThat(TestPipeClient.exchange(admin, "x")).isEqualTo("lower:x");
			});
	}

	@Test
	void usesThePrimaryHandlerWhenNoneIsNamed() {
		String pipe = pipe();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withUserConfiguration(TwoHandlersConfiguration.class)
			.withBean("primaryHandler", NamedPipeConnectionHandler.class, () -> new EchoLineHandler("primary:"),
					(definition) -> definition.setPrimary(true))
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> assertThat(TestPipeClient.exchange(pipe, "x")).isEqualTo("primary:x"));
	}

	@Test
	void leavesHttpEndpointsToTheHttpModule() {
		String pipe = pipe();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withPropertyValues("namedpipe.name=" + pipe, "namedpipe.http.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(NamedPipeEndpoints.class).get("default").get().httpEnabled()).isTrue();
				assertThat(context.getBean(NamedPipeEndpoints.class).raw()).isEmpty();
				TestPipes.assertNotBound(pipe);
				assertThat(context.getBean(NamedPipeListeners.class).get("default")).isEmpty();
			});
	}

	@Test
	void customizersAdjustTheOptionsOfEachEndpoint() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.listener-queue-count=4",
					"namedpipe.endpoints.admin.name=" + pipe())
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
			.withPropertyValues("namedpipe.name=" + pipe())
			.run((context) -> {
				assertThat(context.getBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME)).isSameAs(executor);
				assertThat(context.getBean(NamedPipeListeners.class)).isSameAs(listeners);
				assertThat(listeners.get("default")).isPresent();
			});
		NamedPipeEndpoints own = new NamedPipeEndpoints(List.of());
		String ignored = pipe();
		this.runner.withBean(NamedPipeEndpoints.class, () -> own)
			.withPropertyValues("namedpipe.name=" + ignored)
			.run((context) -> {
				assertThat(context.getBean(NamedPipeEndpoints.class)).isSameAs(own);
				TestPipes.assertNotBound(ignored);
			});
	}

	@Test
	void handlesConnectionsOnBoundedPlatformThreadsByDefault() throws Exception {
		this.runner.withPropertyValues("namedpipe.name=" + pipe(), "namedpipe.max-handler-threads=3")
			.run((context) -> assertThat(context
				.getBean(NamedPipeAutoConfiguration.CONNECTION_EXECUTOR_BEAN_NAME, PooledHandlerExecutor.class)
				.maxHandlers()).isEqualTo(3));
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
		String pipe = pipe();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NamedPipeAutoConfiguration.class))
			.withBean(NamedPipeConnectionHandler.class, () -> (connection) -> {
				handlerThread.complete(Thread.currentThread());
				connection.outputStream().write('!');
			})
			.withPropertyValues("namedpipe.name=" + pipe)
			.withPropertyValues(properties)
			.run((context) -> {
				try (TestPipeClient client = TestPipeClient.connect(pipe)) {
					assertThat(client.readLine()).isEqualTo("!");
				}
			});
		return handlerThread.get();
	}

	@Test
	void abortsTheConnectionOfAThrowingHandlerAndKeepsListening() {
		String pipe = pipe();
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
			.withPropertyValues("namedpipe.name=" + pipe)
			.run((context) -> {
				try (TestPipeClient client = TestPipeClient.connect(pipe)) {
					client.send("x");
					assertThat(client.readLine()).isNull();
				}
				assertThat(observer.nextClosed()).isEqualTo(ConnectionErrorType.UNHANDLED_EXCEPTION);
				assertThat(TestPipeClient.exchange(pipe, "-fine")).isEqualTo("ok:fine");
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
