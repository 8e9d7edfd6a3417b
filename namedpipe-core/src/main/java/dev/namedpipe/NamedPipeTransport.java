package dev.namedpipe;

import java.io.IOException;
import java.util.Objects;

import dev.namedpipe.internal.PipeServer;
import dev.namedpipe.unix.UnixDomainSocketServer;
import dev.namedpipe.windows.WindowsPipeServer;

/**
 * Binds named-pipe listeners: Win32 named pipes on Windows, Unix domain sockets elsewhere.
 */
public final class NamedPipeTransport {

	private NamedPipeTransport() {
	}

	/**
	 * Binds a listener and starts its accept loops.
	 * @param endPoint where to listen
	 * @param options how to bind, secure and buffer
	 * @param observer what to tell about accepts, rejections and closes
	 * @return the listening listener; the name is owned when this returns
	 * @throws NamedPipeInUseException when another live server owns the name
	 * @throws InvalidNamedPipeSettingException when an option does not apply to the platform
	 * @throws IOException when the pipe cannot be created (the message says why)
	 */
	public static NamedPipeConnectionListener bind(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			NamedPipeTransportObserver observer) throws IOException {
		Objects.requireNonNull(endPoint, "endPoint");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(observer, "observer");
		if (endPoint.platform() != NamedPipePlatform.current()) {
			throw new IllegalArgumentException("Named pipe endpoint " + endPoint + " was resolved for "
					+ endPoint.platform() + ", but this is " + NamedPipePlatform.current());
		}
		options.validateFor(endPoint.platform());
		return listen(endPoint, options, observer, createServer(endPoint, options));
	}

	// Starts a listener over a bound pipe server (a platform's, or a scripted one in tests); the
	// listener owns the server and closes it.
	static NamedPipeConnectionListener listen(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options,
			NamedPipeTransportObserver observer, PipeServer server) {
		NamedPipeConnectionListener listener = new NamedPipeConnectionListener(Objects.requireNonNull(endPoint),
				Objects.requireNonNull(options), Objects.requireNonNull(observer), Objects.requireNonNull(server));
		listener.start();
		return listener;
	}

	/**
	 * Binds a listener with the default options and no observer.
	 * @param name the pipe name
	 * @return the listening listener
	 * @throws IOException when binding fails
	 */
	public static NamedPipeConnectionListener bind(String name) throws IOException {
		return bind(NamedPipeEndPoint.of(name), NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
	}

	private static PipeServer createServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options)
			throws IOException {
		if (endPoint.platform().isWindows()) {
			// Resolved only when this line runs, so JNA and the Windows classes load on Windows alone.
			return WindowsPipeServer.bind(endPoint, options);
		}
		return UnixDomainSocketServer.bind(endPoint, options);
	}

}
