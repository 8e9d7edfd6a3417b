package dev.namedpipe.testsupport;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Modules of this build on a module path of their own, for tests whose JVM runs on the class
 * path: a layer defined over the jars or class directories that hold the given classes.
 */
public final class ModuleLayers {

	private ModuleLayers() {
	}

	/**
	 * Resolves the root modules over the locations of the given classes and defines a layer
	 * with one class loader for them.
	 * @param roots the modules to resolve
	 * @param members a class of each module on the path (main code or jar)
	 * @return the layer
	 */
	public static ModuleLayer define(Set<String> roots, Class<?>... members) {
		Path[] path = Arrays.stream(members).map(ModuleLayers::locationOf).toArray(Path[]::new);
		ModuleLayer boot = ModuleLayer.boot();
		Configuration configuration = boot.configuration().resolve(ModuleFinder.of(path), ModuleFinder.of(), roots);
		return boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
	}

	private static Path locationOf(Class<?> member) {
		try {
			return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
