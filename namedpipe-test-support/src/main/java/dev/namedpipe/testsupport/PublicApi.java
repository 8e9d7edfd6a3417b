package dev.namedpipe.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A library module's public API as text, read from its compiled classes: what the module
 * descriptor exports and, in those packages, every public or protected type and member. A
 * module's {@code PublicApiTests} compares it with the committed {@code api/<module>.api},
 * so that widening or breaking the API is a reviewed change of that file, and checks that
 * no exported signature names a type of a package the module does not export.
 * {@code -Dapi.update=true} rewrites the file instead.
 */
public final class PublicApi {

	private final ModuleDescriptor descriptor;

	private final List<Class<?>> types;

	private PublicApi(ModuleDescriptor descriptor, List<Class<?>> types) {
		this.descriptor = descriptor;
		this.types = types;
	}

	/**
	 * Reads the API of the module whose classes include {@code member}.
	 * @param member any class of the module's main code
	 * @return the API
	 */
	public static PublicApi ofModuleContaining(Class<?> member) {
		Path classes = classesDirectory(member);
		ModuleDescriptor descriptor = descriptorAt(classes);
		List<Class<?>> types = new ArrayList<>();
		for (ModuleDescriptor.Exports export : descriptor.exports()) {
			Path directory = classes.resolve(export.source().replace('.', '/'));
			try (Stream<Path> files = Files.list(directory)) {
				files.map((file) -> file.getFileName().toString())
					.filter((file) -> file.endsWith(".class"))
					.map((file) -> load(export.source() + "." + file.substring(0, file.length() - 6), member))
					.filter(PublicApi::isVisible)
					.forEach(types::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return new PublicApi(descriptor, types);
	}

	/**
	 * The API as sorted lines: the descriptor's exports, then each type and its members.
	 * @return the text
	 */
	public String text() {
		StringBuilder text = new StringBuilder("module " + this.descriptor.name() + "\n");
		this.descriptor.exports()
			.stream()
			.map((export) -> "  exports " + export.source()
					+ (export.isQualified() ? " to " + String.join(", ", new TreeSet<>(export.targets())) : ""))
			.sorted()
			.forEach((line) -> text.append(line).append('\n'));
		this.types.stream().sorted((a, b) -> a.getName().compareTo(b.getName())).forEach((type) -> {
			text.append('\n').append(declaration(type)).append('\n');
			members(type).map(PublicApi::signature).sorted().forEach((line) -> text.append("  ").append(line).append('\n'));
		});
		return text.toString();
	}

	/**
	 * Fails when an API type (one of an unqualified export) names, in a public or protected
	 * signature, a type of this project's that is not API: of a package that its module (this
	 * one, or one it requires) does not export to everyone.
	 */
	public void assertNoInternalTypeExposed() {
		Map<Path, Set<String>> apiPackages = new HashMap<>();
		List<String> leaks = new ArrayList<>();
		for (Class<?> type : this.types) {
			if (!isApi(type, apiPackages)) {
				continue;
			}
			List<Type> used = new ArrayList<>();
			used.add(type.getGenericSuperclass());
			used.addAll(Arrays.asList(type.getGenericInterfaces()));
			members(type).forEach((member) -> used.addAll(typesOf(member)));
			for (Type each : used) {
				for (Class<?> named : rawClasses(each)) {
					if (named.getName().startsWith("dev.namedpipe.") && !isApi(named, apiPackages)) {
						leaks.add(type.getName() + " exposes " + named.getName());
					}
				}
			}
		}
		assertThat(leaks).as("non-API types in the API of " + this.descriptor.name()).isEmpty();
	}

	private static boolean isApi(Class<?> type, Map<Path, Set<String>> apiPackages) {
		Set<String> exported = apiPackages.computeIfAbsent(classesDirectory(type), (location) -> descriptorAt(location)
			.exports()
			.stream()
			.filter((export) -> !export.isQualified())
			.map(ModuleDescriptor.Exports::source)
			.collect(Collectors.toSet()));
		return exported.contains(type.getPackageName());
	}

	/**
	 * Compares {@link #text()} with the committed file, or rewrites the file when the system
	 * property {@code api.update} is {@code true}.
	 * @param committed the file, e.g. {@code api/namedpipe-core.api} in the module directory
	 */
	public void assertMatches(Path committed) {
		String actual = text();
		try {
			if (Boolean.getBoolean("api.update")) {
				Files.createDirectories(committed.toAbsolutePath().getParent());
				Files.writeString(committed, actual, StandardCharsets.UTF_8);
				return;
			}
			if (!Files.exists(committed)) {
				fail("No API baseline at " + committed.toAbsolutePath() + "; create it with -Dapi.update=true");
			}
			String expected = Files.readString(committed, StandardCharsets.UTF_8).replace("\r\n", "\n");
			if (!expected.equals(actual)) {
				fail("The public API of " + this.descriptor.name() + " differs from " + committed
						+ ". If the change is meant, run the build with -Dapi.update=true and commit the file.\n"
						+ difference(expected, actual));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String difference(String expected, String actual) {
		List<String> expectedLines = expected.lines().collect(Collectors.toList());
		List<String> actualLines = actual.lines().collect(Collectors.toList());
		StringBuilder difference = new StringBuilder();
		expectedLines.stream()
			.filter((line) -> !actualLines.contains(line))
			.forEach((line) -> difference.append("- ").append(line).append('\n'));
		actualLines.stream()
			.filter((line) -> !expectedLines.contains(line))
			.forEach((line) -> difference.append("+ ").append(line).append('\n'));
		return difference.toString();
	}

	// The descriptor of a module's classes: a directory of this build, or a jar.
	private static ModuleDescriptor descriptorAt(Path location) {
		try {
			if (Files.isDirectory(location)) {
				try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
					return ModuleDescriptor.read(in);
				}
			}
			try (FileSystem jar = FileSystems.newFileSystem(location);
					InputStream in = Files.newInputStream(jar.getPath("module-info.class"))) {
				return ModuleDescriptor.read(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No module descriptor in " + location, ex);
		}
	}

	private static Path classesDirectory(Class<?> member) {
		try {
			return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Class<?> load(String name, Class<?> member) {
		try {
			return Class.forName(name, false, member.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isVisible(Class<?> type) {
		for (Class<?> each = type; each != null; each = each.getDeclaringClass()) {
			int modifiers = each.getModifiers();
			boolean nested = each.getDeclaringClass() != null;
			if (each.isSynthetic() || each.isAnonymousClass() || each.isLocalClass()
					|| !(Modifier.isPublic(modifiers) || (nested && Modifier.isProtected(modifiers)))) {
				return false;
			}
		}
		return true;
	}

	private static String declaration(Class<?> type) {
		String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
				: type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
		int modifiers = type.getModifiers() & ~Modifier.INTERFACE;
		if (type.isInterface() || type.isEnum() || type.isRecord()) {
			modifiers &= ~(Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
		}
		StringBuilder declaration = new StringBuilder(Modifier.toString(modifiers)).append(' ')
			.append(kind)
			.append(' ')
			.append(type.getName());
		Type superclass = type.getGenericSuperclass();
		if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
			declaration.append(" extends ").append(superclass.getTypeName());
		}
		Type[] interfaces = type.getGenericInterfaces();
		if (interfaces.length > 0 && !type.isAnnotation()) {
			declaration.append(type.isInterface() ? " extends " : " implements ")
				.append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
		}
		return declaration.toString();
	}

	private static Stream<Member> members(Class<?> type) {
		Stream<Member> members = Stream.of(type.getDeclaredConstructors(), type.getDeclaredMethods(),
				type.getDeclaredFields())
			.flatMap(Arrays::stream);
		return members.filter((member) -> !member.isSynthetic())
			.filter((member) -> !(member instanceof Method method && method.isBridge()))
			.filter((member) -> Modifier.isPublic(member.getModifiers())
					|| (Modifier.isProtected(member.getModifiers()) && !Modifier.isFinal(type.getModifiers())))
			.filter((member) -> !isImplicitEnumMember(type, member));
	}

	private static boolean isImplicitEnumMember(Class<?> type, Member member) {
		return type.isEnum() && member instanceof Method method && Modifier.isStatic(method.getModifiers())
				&& (method.getName().equals("values") || method.getName().equals("valueOf"));
	}

	private static String signature(Member member) {
		String signature = (member instanceof Executable executable) ? executable.toGenericString()
				: ((Field) member).toGenericString();
		return signature.replace(member.getDeclaringClass().getName() + ".", "");
	}

	private static List<Type> typesOf(Member member) {
		List<Type> types = new ArrayList<>();
		if (member instanceof Method method) {
			types.add(method.getGenericReturnType());
		}
		if (member instanceof Executable executable) {
			types.addAll(Arrays.asList(executable.getGenericParameterTypes()));
			types.addAll(Arrays.asList(executable.getGenericExceptionTypes()));
		}
		if (member instanceof Field field) {
			types.add(field.getGenericType());
		}
		return types;
	}

	private static List<Class<?>> rawClasses(Type type) {
		List<Class<?>> classes = new ArrayList<>();
		collect(type, classes, new ArrayList<>());
		return classes;
	}

	private static void collect(Type type, List<Class<?>> classes, List<Type> seen) {
		if (type == null || seen.contains(type)) {
			return;
		}
		seen.add(type);
		if (type instanceof Class<?> raw) {
			classes.add(raw.isArray() ? raw.getComponentType() : raw);
		}
		else if (type instanceof ParameterizedType parameterized) {
			collect(parameterized.getRawType(), classes, seen);
			Arrays.stream(parameterized.getActualTypeArguments()).forEach((argument) -> collect(argument, classes, seen));
		}
		else if (type instanceof WildcardType wildcard) {
			Stream.concat(Arrays.stream(wildcard.getUpperBounds()), Arrays.stream(wildcard.getLowerBounds()))
				.forEach((bound) -> collect(bound, classes, seen));
		}
		else if (type instanceof TypeVariable<?> variable) {
			Arrays.stream(variable.getBounds()).forEach((bound) -> collect(bound, classes, seen));
		}
		else if (type instanceof GenericArrayType array) {
			collect(array.getGenericComponentType(), classes, seen);
		}
	}

}
