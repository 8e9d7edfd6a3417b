package dev.namedpipe.boot;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.namedpipe.boot.autoconfigure.AbstractNamedPipeEndpointProperties;
import dev.namedpipe.boot.autoconfigure.NamedPipeAutoConfiguration;
import dev.namedpipe.boot.autoconfigure.NamedPipeEndpointProperties;
import dev.namedpipe.boot.autoconfigure.NamedPipeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeRuntimeHints}: the hints of the transport's Windows binding,
 * checked against its classes as they are, and what Spring's AOT processing of an
 * application with a pipe registers beyond them.
 */
class NamedPipeRuntimeHintsTests {

	private static final String WINDOWS_BINDING = "dev/namedpipe/windows/";

	private final RuntimeHints hints = new RuntimeHints();

	NamedPipeRuntimeHintsTests() {
		new NamedPipeRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void registersAProxyOfEveryJnaLibraryOfTheWindowsBinding() throws Exception {
		List<Class<?>> libraries = windowsBinding().filter(Library.class::isAssignableFrom).toList();
		assertThat(libraries).extracting(Class::getSimpleName).contains("Kernel32Pipes", "Advapi32Pipes");
		assertThat(libraries).allSatisfy((library) -> {
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(library)).accepts(this.hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(library)
				.withMemberCategories(MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_PUBLIC_FIELDS))
				.accepts(this.hints);
		});
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Kernel32.class)).accepts(this.hints);
	}

	@Test
	void registersTheFieldsOfTheStructuresAndTheByReferenceTypesTheBindingPasses() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(WinBase.SECURITY_ATTRIBUTES.class.getConstructor())).accepts(this.hints);
		assertThat(Structure.class.isAssignableFrom(WinBase.SECURITY_ATTRIBUTES.class)).isTrue();
		Field[] fields = WinBase.SECURITY_ATTRIBUTES.class.getDeclaredFields();
		assertThat(fields).extracting(Field::getName).contains("dwLength", "lpSecurityDescriptor", "bInheritHandle");
		assertThat(fields).allSatisfy(
				(field) -> assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(field)).accepts(this.hints));
		for (Class<?> byReference : List.of(IntByReference.class, PointerByReference.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(byReference.getConstructor()))
				.accepts(this.hints);
		}
	}

	@Test
	void theWindowsBindingHasNoCallbackAndNoStructureOfItsOwn() throws Exception {
		List<Class<?>> binding = windowsBinding().toList();
		assertThat(binding).hasSizeGreaterThan(10)
			.noneMatch(Callback.class::isAssignableFrom)
			.noneMatch(Structure.class::isAssignableFrom);
		List<Class<?>> signatures = binding.stream()
			.filter(Library.class::isAssignableFrom)
			.flatMap((library) -> Arrays.stream(library.getMethods()))
			.flatMap((method) -> Stream.concat(Stream.of(method.getReturnType()),
					Stream.of(method.getParameterTypes())))
			.toList();
		assertThat(signatures).noneMatch(Callback.class::isAssignableFrom).contains(WinBase.SECURITY_ATTRIBUTES.class);
	}

	@Test
	void registersJnasDispatchLibrariesForWindowsOnly() {
		List<String> windows = List.of("com/sun/jna/win32-x86-64/jnidispatch.dll",
				"com/sun/jna/win32-aarch64/jnidispatch.dll", "com/sun/jna/win32-x86/jnidispatch.dll");
		assertThat(windows).allSatisfy((library) -> {
			assertThat(getClass().getClassLoader().getResource(library)).as("in JNA's jar: " + library).isNotNull();
			assertThat(RuntimeHintsPredicates.resource().forResource(library)).accepts(this.hints);
		});
		assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/linux-x86-64/libjnidispatch.so"))
			.rejects(this.hints);
	}

	@Test
	void registersNothingWithoutJna() {
		RuntimeHints withoutJna = new RuntimeHints();
		ClassLoader jnaHidden = new ClassLoader(getClass().getClassLoader()) {

			@Override
			protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.startsWith("com.sun.jna.")) {
					throw new ClassNotFoundException(name);
				}
				return super.loadClass(name, resolve);
			}

		};
		new NamedPipeRuntimeHints().registerHints(withoutJna, jnaHidden);
		assertThat(withoutJna.proxies().jdkProxyHints()).isEmpty();
		assertThat(withoutJna.reflection().typeHints()).isEmpty();
		assertThat(withoutJna.resources().resourcePatternHints()).isEmpty();
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(NamedPipeRuntimeHints.class);
	}

	// What Spring Boot's AOT processing adds for the Boot side: the binding of the
	// properties (setters, nested endpoint types) and the failure analyzers of
	// spring.factories; the aot.factories registrar applied with them.
	@Test
	void aotProcessingOfAnApplicationWithAPipeRegistersTheBootSide() throws Exception {
		RuntimeHints processed = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(ClassUtils
			.forName("dev.namedpipe.windows.Kernel32Pipes", getClass().getClassLoader()))).accepts(processed);
		for (Method setter : List.of(AbstractNamedPipeEndpointProperties.class.getMethod("setName", String.class),
				NamedPipeProperties.class.getMethod("setEndpoints", Map.class),
				NamedPipeProperties.class.getMethod("setMaxHandlerThreads", int.class))) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(setter)).as(setter.toString())
				.accepts(processed);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(NamedPipeEndpointProperties.class)).accepts(processed);
		List<String> analyzers = failureAnalyzers();
		assertThat(analyzers).hasSize(4);
		for (String analyzer : analyzers) {
			Class<?> type = ClassUtils.forName(analyzer, getClass().getClassLoader());
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(type.getDeclaredConstructors()[0]))
				.as(analyzer)
				.accepts(processed);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring.factories")).accepts(processed);
	}

	private static RuntimeHints processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of("namedpipe.name=aot").applyTo(context);
			context.register(PipeApplication.class);
			ClassNameGenerator classNames = new ClassNameGenerator(ClassName.get("dev.namedpipe.boot", "PipeApplication"));
			DefaultGenerationContext generation = new DefaultGenerationContext(classNames, new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

	private static List<String> failureAnalyzers() throws IOException {
		// this module's, first on the class path (the classes before the dependencies)
		String analyzers = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"))
			.getProperty(FailureAnalyzer.class.getName());
		return List.of(StringUtils.commaDelimitedListToStringArray(analyzers.replace(" ", "")));
	}

	private static Stream<Class<?>> windowsBinding() throws IOException {
		ClassLoader loader = NamedPipeRuntimeHintsTests.class.getClassLoader();
		Resource[] classes = new PathMatchingResourcePatternResolver(loader)
			.getResources("classpath*:" + WINDOWS_BINDING + "*.class");
		return Arrays.stream(classes)
			.map(Resource::getFilename)
			.map((file) -> (WINDOWS_BINDING + file).replace('/', '.').replace(".class", ""))
			.map((name) -> ClassUtils.resolveClassName(name, loader));
	}

	@ImportAutoConfiguration(NamedPipeAutoConfiguration.class)
	static class PipeApplication {

	}

}
