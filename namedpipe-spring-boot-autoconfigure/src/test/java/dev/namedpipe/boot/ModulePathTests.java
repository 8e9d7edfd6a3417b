package dev.namedpipe.boot;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.SpringVersion;
import org.springframework.expression.ExpressionParser;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.testsupport.ModuleLayers;
import dev.namedpipe.testsupport.PipeNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module on the module path, in a layer of its own with the transport and the Spring
 * modules it requires (Spring's jars as automatic modules; metrics, health and HTTP, which
 * it requires {@code static}, left out): what it exports and opens, that Spring creates its
 * package-private failure analyzers there, and that an application started there binds the
 * configured endpoint and serves a connection with a handler bean. The rest of the suite
 * runs on the class path, as Boot applications do.
 */
class ModulePathTests {

	private static final String MODULE = "dev.namedpipe.boot";

	private static final Set<String> PACKAGES = Set.of("dev.namedpipe.boot", "dev.namedpipe.boot.autoconfigure",
			"dev.namedpipe.boot.autoconfigure.client", "dev.namedpipe.boot.autoconfigure.grpc",
			"dev.namedpipe.boot.autoconfigure.health", "dev.namedpipe.boot.autoconfigure.metrics",
			"dev.namedpipe.boot.autoconfigure.observation", "dev.namedpipe.boot.autoconfigure.security",
			"dev.namedpipe.boot.autoconfigure.web", "dev.namedpipe.boot.client", "dev.namedpipe.boot.grpc",
			"dev.namedpipe.boot.health", "dev.namedpipe.boot.metrics", "dev.namedpipe.boot.observation",
			"dev.namedpipe.boot.security", "dev.namedpipe.boot.web");

	private static final Set<String> OPENED = Set.of("dev.namedpipe.boot", "dev.namedpipe.boot.autoconfigure",
			"dev.namedpipe.boot.autoconfigure.client", "dev.namedpipe.boot.autoconfigure.grpc",
			"dev.namedpipe.boot.autoconfigure.health",
			"dev.namedpipe.boot.autoconfigure.metrics", "dev.namedpipe.boot.autoconfigure.observation",
			"dev.namedpipe.boot.autoconfigure.security",
			"dev.namedpipe.boot.autoconfigure.web");

	private Path directory;

	private ModuleLayer layer;

	private Module module;

	private ClassLoader loader;

	@BeforeEach
	void defineLayer() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		List<Class<?>> members = new ArrayList<>(List.of(NamedPipeEndpoints.class, NamedPipeTransport.class,
				Nullable.class, Logger.class, LogFactory.class, SpringVersion.class, BeanFactory.class,
				ApplicationContext.class, Advisor.class, ExpressionParser.class, Observation.class, KeyValue.class,
				SpringApplication.class, AutoConfiguration.class));
		Set<String> roots = Set.of(MODULE);
		// The transport's JNA is an optional dependency (requires static): a root on Windows.
		if (NamedPipePlatform.current().isWindows()) {
			members.addAll(List.of(Native.class, Kernel32.class));
			roots = Set.of(MODULE, "com.sun.jna.platform");
		}
		this.layer = ModuleLayers.define(roots, members.toArray(Class<?>[]::new));
		this.module = this.layer.findModule(MODULE).orElseThrow();
		this.loader = this.layer.findLoader(MODULE);
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void isANamedModuleThatExportsEveryPackage() {
		ModuleDescriptor descriptor = this.module.getDescriptor();
		assertThat(descriptor.isAutomatic()).isFalse();
		assertThat(this.module.getPackages()).containsExactlyInAnyOrderElementsOf(PACKAGES);
		assertThat(descriptor.exports()).allSatisfy((export) -> assertThat(export.isQualified()).isFalse());
		assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
			.containsExactlyInAnyOrderElementsOf(PACKAGES);
		Module other = getClass().getModule();
		assertThat(PACKAGES).allSatisfy((name) -> assertThat(this.module.isExported(name, other)).isTrue());
	}

	@Test
	void opensToSpringCoreOnly() {
		assertThat(this.module.getDescriptor().opens()).allSatisfy(
				(opens) -> assertThat(opens.targets()).containsExactly("spring.core"))
			.extracting(ModuleDescriptor.Opens::source)
			.containsExactlyInAnyOrderElementsOf(OPENED);
		Module springCore = this.layer.findModule("spring.core").orElseThrow();
		Module springBoot = this.layer.findModule("spring.boot").orElseThrow();
		assertThat(OPENED).allSatisfy((name) -> assertThat(this.module.isOpen(name, springCore)).isTrue())
			.allSatisfy((name) -> assertThat(this.module.isOpen(name, springBoot)).isFalse())
			.allSatisfy((name) -> assertThat(this.module.isOpen(name, getClass().getModule())).isFalse());
		assertThat(this.module.isOpen("dev.namedpipe.boot.web", springCore)).isFalse();
	}

	@Test
	void requiresTheTransportTransitivelyAndMetricsHealthAndHttpStatically() {
		Set<String> transitive = requires(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
		Set<String> optional = requires(ModuleDescriptor.Requires.Modifier.STATIC);
		assertThat(transitive).contains("dev.namedpipe", "spring.core", "spring.beans", "spring.context");
		assertThat(optional).contains("dev.namedpipe.jetty", "spring.boot.micrometer.metrics",
				"micrometer.observation", "spring.boot.micrometer.observation", "spring.boot.health",
				"spring.boot.jetty", "spring.boot.web.server", "spring.webmvc", "spring.webflux", "spring.security.core",
				"spring.security.config", "spring.security.web");
		assertThat(this.layer.findModule("spring.boot.health")).isEmpty();
		assertThat(this.layer.findModule("dev.namedpipe.jetty")).isEmpty();
	}

	@Test
	void springCreatesThePackagePrivateFailureAnalyzers() throws Exception {
		Class<?> factoriesLoader = this.loader.loadClass("org.springframework.core.io.support.SpringFactoriesLoader");
		Class<?> failureHandler = this.loader
			.loadClass("org.springframework.core.io.support.SpringFactoriesLoader$FailureHandler");
		Class<?> analyzer = this.loader.loadClass("org.springframework.boot.diagnostics.FailureAnalyzer");
		List<String> failures = new ArrayList<>();
		BiConsumer<Supplier<String>, Throwable> collect = (message, failure) -> failures
			.add(message.get() + ": " + failure);
		Object handler = failureHandler.getMethod("handleMessage", BiConsumer.class).invoke(null, collect);
		Object factories = factoriesLoader.getMethod("forDefaultResourceLocation", ClassLoader.class)
			.invoke(null, this.loader);
		List<?> analyzers = (List<?>) factoriesLoader.getMethod("load", Class.class, failureHandler)
			.invoke(factories, analyzer, handler);
		assertThat(failures).noneMatch((failure) -> failure.contains("dev.namedpipe"));
		assertThat(analyzers.stream().map((each) -> each.getClass()).filter((type) -> type.getModule() == this.module))
			.extracting(Class::getName)
			.containsExactlyInAnyOrder("dev.namedpipe.boot.InvalidNamedPipePropertyFailureAnalyzer",
					"dev.namedpipe.boot.NamedPipeBindFailureAnalyzer",
					"dev.namedpipe.boot.autoconfigure.web.NamedPipeHttpServerUnsupportedFailureAnalyzer",
					"dev.namedpipe.boot.autoconfigure.web.Http2WithoutJettyHttp2FailureAnalyzer");
	}

	@Test
	void servesAConnectionFromAnApplicationOnTheModulePath() throws Exception {
		String name = PipeNames.uniqueIn(this.directory);
		String loggingSystem = System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		// Spring's default class loader is the thread's context loader: the class path's otherwise.
		Thread thread = Thread.currentThread();
		ClassLoader contextLoader = thread.getContextClassLoader();
		thread.setContextClassLoader(this.loader);
		try (AutoCloseable context = runApplication("--namedpipe.name=" + name,
				"--spring.main.web-application-type=none", "--spring.main.banner-mode=off")) {
			Class<?> lifecycle = this.loader.loadClass("dev.namedpipe.boot.NamedPipeListenerLifecycle");
			Object bean = this.loader.loadClass("org.springframework.beans.factory.BeanFactory")
				.getMethod("getBean", Class.class)
				.invoke(context, lifecycle);
			assertThat(bean.getClass().getModule()).isSameAs(this.module);
			try (NamedPipeConnection connection = NamedPipeClient.connect(name, Duration.ofSeconds(30))) {
				OutputStream toServer = connection.outputStream();
				toServer.write("over the module path\n".getBytes(StandardCharsets.UTF_8));
				toServer.flush();
				BufferedReader fromServer = new BufferedReader(
						new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8));
				assertThat(fromServer.readLine()).isEqualTo("echo: over the module path");
			}
		}
		finally {
			thread.setContextClassLoader(contextLoader);
			if (loggingSystem != null) {
				System.setProperty("org.springframework.boot.logging.LoggingSystem", loggingSystem);
			}
			else {
				System.clearProperty("org.springframework.boot.logging.LoggingSystem");
			}
		}
	}

	// The auto-configuration as the only source, with an echo handler bean.
	private AutoCloseable runApplication(String... args) throws Exception {
		Class<?> application = this.loader.loadClass("org.springframework.boot.SpringApplication");
		Class<?> autoConfiguration = this.loader.loadClass("dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration");
		Class<?> initializer = this.loader.loadClass("org.springframework.context.ApplicationContextInitializer");
		Object app = application.getConstructor(Class[].class).newInstance((Object) new Class<?>[] { autoConfiguration });
		Object initializers = Array.newInstance(initializer, 1);
		Array.set(initializers, 0, proxy(initializer, this::registerEchoHandler));
		application.getMethod("addInitializers", initializers.getClass()).invoke(app, initializers);
		return (AutoCloseable) application.getMethod("run", String[].class).invoke(app, (Object) args);
	}

	@Test
	void jdepsFindsEveryModuleItUsesRequired() throws Exception {
		Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
		Assumptions.assumeTrue(jdeps.isPresent() || !NamedPipePlatform.current().isWindows(),
				"the Windows JVM of CI is a JRE without jdeps; the descriptor's other tests run there");
		assertThat(jdeps).as("jdeps (a JDK, not a JRE)").isPresent();
		String dependencies = System.getProperty("namedpipe.module.path");
		assertThat(dependencies).as("namedpipe.module.path, set by the build (maven-dependency-plugin)").isNotBlank();
		String modulePath = dependencies + File.pathSeparator
				+ NamedPipeEndpoints.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		StringWriter out = new StringWriter();
		int exitCode = jdeps.get()
			.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "--module-path", modulePath,
					"--check", MODULE);
		assertThat(exitCode).as(out.toString()).isZero();
		Set<String> required = this.module.getDescriptor()
			.requires()
			.stream()
			.map(ModuleDescriptor.Requires::name)
			.collect(Collectors.toSet());
		String suggested = out.toString().split("\\[Suggested module descriptor for " + MODULE + "\\]")[1]
			.split("\\[")[0];
		Set<String> used = suggested.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith("requires "))
			.map((line) -> line.substring(line.lastIndexOf(' ') + 1, line.length() - 1))
			.collect(Collectors.toSet());
		// Required, or read through a requires transitive (org.jspecify through dev.namedpipe)
		assertThat(used).as(out.toString())
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(required.contains(name)
					|| this.layer.findModule(name).map(this.module::canRead).orElse(false))
				.as(name)
				.isTrue());
	}

	// An initializer that registers a NamedPipeConnectionHandler of the layer's transport.
	private void registerEchoHandler(Method method, Object[] args) throws Exception {
		if (!method.getName().equals("initialize")) {
			return;
		}
		Class<?> handlerType = this.loader.loadClass("dev.namedpipe.NamedPipeConnectionHandler");
		Class<?> connectionType = this.loader.loadClass("dev.namedpipe.NamedPipeConnection");
		Object handler = proxy(handlerType, (handle, handleArgs) -> {
			if (handle.getName().equals("handle")) {
				InputStream in = (InputStream) connectionType.getMethod("inputStream").invoke(handleArgs[0]);
				OutputStream out = (OutputStream) connectionType.getMethod("outputStream").invoke(handleArgs[0]);
				String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
				out.write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		});
		Object beanFactory = this.loader.loadClass("org.springframework.context.ConfigurableApplicationContext")
			.getMethod("getBeanFactory")
			.invoke(args[0]);
		this.loader.loadClass("org.springframework.beans.factory.config.SingletonBeanRegistry")
			.getMethod("registerSingleton", String.class, Object.class)
			.invoke(beanFactory, "echoHandler", handler);
	}

	private Set<String> requires(ModuleDescriptor.Requires.Modifier modifier) {
		return this.module.getDescriptor()
			.requires()
			.stream()
			.filter((requires) -> requires.modifiers().contains(modifier))
			.map(ModuleDescriptor.Requires::name)
			.collect(Collectors.toSet());
	}

	private static Object proxy(Class<?> type, Call call) {
		InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> "module path test " + type.getSimpleName();
			default -> {
				call.invoke(method, args);
				yield null;
			}
		};
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

	@FunctionalInterface
	private interface Call {

		void invoke(Method method, Object[] args) throws Exception;

	}

}
