package dev.namedpipe.unix;

/**
 * Whether JNA is on the class path (optional for the transport, brought by the starter), found
 * by its class file so that no JNA class is loaded where JNA is not used.
 */
final class JnaPresence {

	private JnaPresence() {
	}

	static boolean present() {
		ClassLoader loader = JnaPresence.class.getClassLoader();
		return ((loader != null) ? loader.getResource("com/sun/jna/Native.class")
				: ClassLoader.getSystemResource("com/sun/jna/Native.class")) != null;
	}

}
