package dev.namedpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * The raw-transport subject of the memory scenario, run as a process of its own: it accepts
 * connections on the socket path given as its first argument and holds them open without
 * reading, prints {@value #ALL_ACCEPTED} once it holds as many as its second argument says, and
 * answers {@code heap} (see {@link HeapProbe}).
 */
public final class IdleConnectionServer {

	static final String READY = "idle-server-ready";

	static final String ALL_ACCEPTED = "idle-server-holds-all";

	private IdleConnectionServer() {
	}

	public static void main(String[] args) throws Exception {
		HeapProbe.answerOnStandardInput();
		int expected = Integer.parseInt(args[1]);
		List<NamedPipeConnection> held = new ArrayList<>();
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(NamedPipeEndPoint.of(args[0]),
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE)) {
			System.out.println(READY);
			for (NamedPipeConnection connection = listener.accept(); connection != null; connection = listener
				.accept()) {
				held.add(connection);
				if (held.size() == expected) {
					System.out.println(ALL_ACCEPTED);
				}
			}
		}
	}

}
