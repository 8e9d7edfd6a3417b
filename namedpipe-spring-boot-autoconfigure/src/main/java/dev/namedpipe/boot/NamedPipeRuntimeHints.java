package dev.namedpipe.boot;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * {@link RuntimeHintsRegistrar} for a native image of an application on the named-pipe
 * transport: what JNA needs at run time to call Win32 through the transport's Windows
 * binding. Named by class name because the binding is closed to other modules and the
 * transport has no Spring dependency; nothing is registered without JNA.
 */
class NamedPipeRuntimeHints implements RuntimeHintsRegistrar {

	private static final String JNA = "com.sun.jna.Native";

	// Native.load makes a JDK proxy of each, and looks up its OPTIONS or TYPE_MAPPER field
	private static final List<String> BINDINGS = List.of("dev.namedpipe.windows.Kernel32Pipes",
			"dev.namedpipe.windows.Advapi32Pipes");

	// Kernel32Util.formatMessage, which writes the text of a Win32 error, calls through it
	private static final String PLATFORM_KERNEL32 = "com.sun.jna.platform.win32.Kernel32";

	// jnidispatch, which JNA extracts from its jar: the Windows ones, where the binding runs
	private static final String DISPATCH_LIBRARIES = "com/sun/jna/win32-*/jnidispatch.dll";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(JNA, classLoader)) {
			return;
		}
		Class<?> structure = ClassUtils.resolveClassName("com.sun.jna.Structure", classLoader);
		Class<?> nativeMapped = ClassUtils.resolveClassName("com.sun.jna.NativeMapped", classLoader);
		for (String name : BINDINGS) {
			Class<?> library = registerLibrary(hints, name, classLoader);
			for (Method method : library.getMethods()) {
				Stream.concat(Stream.of(method.getReturnType()), Stream.of(method.getParameterTypes()))
					.forEach((type) -> registerArgument(hints, type, structure, nativeMapped));
			}
		}
		if (ClassUtils.isPresent(PLATFORM_KERNEL32, classLoader)) {
			registerLibrary(hints, PLATFORM_KERNEL32, classLoader);
		}
		hints.resources().registerPattern(DISPATCH_LIBRARIES);
	}

	private static Class<?> registerLibrary(RuntimeHints hints, String name, @Nullable ClassLoader classLoader) {
		Class<?> library = ClassUtils.resolveClassName(name, classLoader);
		hints.proxies().registerJdkProxy(library);
		hints.reflection()
			.registerType(library, MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_PUBLIC_FIELDS);
		return library;
	}

	// A Structure is written and read field by field (its public fields, found among its
	// declared ones), and created when JNA needs one; a by-reference type (NativeMapped) is
	// created for its default value.
	private static void registerArgument(RuntimeHints hints, Class<?> type, Class<?> structure,
			Class<?> nativeMapped) {
		if (structure.isAssignableFrom(type)) {
			hints.reflection()
				.registerType(type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.ACCESS_PUBLIC_FIELDS,
						MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		else if (nativeMapped.isAssignableFrom(type)) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
	}

}
