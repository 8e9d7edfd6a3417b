package dev.namedpipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link WindowsBackendNotLoadedOnUnixTests}: binds, connects,
 * accepts and exchanges a byte over the Unix transport, then prints {@code OK}. With the
 * argument {@code load-windows} it also loads the Windows server class, to show that the
 * test notices such a load.
 */
final class UnixOnlyProbe {

	private UnixOnlyProbe() {
	}

	public static void main(String[] args) throws Exception {
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "npp");
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(directory.resolve("p").toString());
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(endPoint,
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
				NamedPipeConnection client = NamedPipeClient.connect(endPoint, NamedPipeTransportOptions.defaults(),
						Duration.ofSeconds(30));
				NamedPipeConnection server = listener.accept(Duration.ofSeconds(30))) {
			client.outputStream().write(7);
			client.outputStream().flush();
			if (server.inputStream().read() != 7) {
				throw new IllegalStateException("byte lost");
			}
		}
		finally {
			Files.deleteIfExists(directory);
		}
		if (args.length > 0 && args[0].equals("load-windows")) {
			Class.forName("dev.namedpipe.windows.WindowsPipeServer");
		}
		System.out.println("OK");
	}

}
