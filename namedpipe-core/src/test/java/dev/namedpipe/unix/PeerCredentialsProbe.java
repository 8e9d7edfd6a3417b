package dev.namedpipe.unix;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.PeerIdentity;

/**
 * Run by {@link NativePeerCredentialsTests} in a JVM of its own: accepts one connection of its
 * own on the path it is given and prints the peer identity the listener saw, as
 * {@code <user> uid=<present> pid=<present>}.
 */
public final class PeerCredentialsProbe {

	private PeerCredentialsProbe() {
	}

	public static void main(String[] args) throws Exception {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(Path.of(args[0]).toString());
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(endPoint,
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(endPoint.address()));
			try (NamedPipeConnection connection = listener.accept(Duration.ofSeconds(30))) {
				PeerIdentity peer = connection.peer();
				System.out.println(peer.user() + " uid=" + peer.uid().isPresent() + " pid=" + peer.pid().isPresent());
			}
		}
	}

}
