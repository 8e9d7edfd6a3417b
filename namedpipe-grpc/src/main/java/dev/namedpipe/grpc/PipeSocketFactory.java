package dev.namedpipe.grpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import javax.net.SocketFactory;

import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Hands out connections to one pipe as sockets, whatever host and port are asked for: the
 * channel's address is a placeholder, the pipe is the destination. Each socket is a new
 * client connection ({@link NamedPipeClient#connect}), with its wait for the server and its
 * server-owner check.
 */
final class PipeSocketFactory extends SocketFactory {

	private final NamedPipeEndPoint endPoint;

	private final NamedPipeTransportOptions options;

	private final Duration connectTimeout;

	PipeSocketFactory(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, Duration connectTimeout) {
		this.endPoint = endPoint;
		this.options = options;
		this.connectTimeout = connectTimeout;
	}

	private Socket connect() throws IOException {
		return new PipeSocket(NamedPipeClient.connect(this.endPoint, this.options, this.connectTimeout));
	}

	@Override
	public Socket createSocket() throws SocketException {
		throw new SocketException("A socket over named pipe '" + this.endPoint.name()
				+ "' is created connected; ask for one with a host and port (they are not used)");
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connect();
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connect();
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connect();
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connect();
	}

}
