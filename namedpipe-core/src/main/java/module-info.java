/**
 * The named-pipe transport: Win32 named pipes on Windows, Unix domain sockets elsewhere.
 * Only {@code dev.namedpipe} is API; {@code dev.namedpipe.spi} is for the project's own
 * modules, the platform backends and {@code dev.namedpipe.internal} are closed.
 */
module dev.namedpipe {

	requires transitive org.jspecify;
	requires jdk.net;
	requires org.slf4j;
	requires static com.sun.jna;
	requires static com.sun.jna.platform;

	exports dev.namedpipe;
	exports dev.namedpipe.spi to dev.namedpipe.jetty;

	// JNA reads and writes the fields of the Win32 structures reflectively, and implements
	// the C library's interface of socket activation.
	opens dev.namedpipe.windows to com.sun.jna;
	opens dev.namedpipe.unix to com.sun.jna;

}
