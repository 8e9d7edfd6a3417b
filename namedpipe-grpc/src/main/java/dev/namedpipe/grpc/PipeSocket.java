package dev.namedpipe.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.jetty.NamedPipeSocketAddress;

/**
 * A pipe connection in the shape of a connected {@link Socket}, for a transport that asks a
 * {@code SocketFactory} for its connections (grpc-java's OkHttp transport): the streams are
 * the connection's, closing closes it, and what a pipe does not have (a port, read timeouts,
 * half-close) is refused rather than pretended.
 */
final class PipeSocket extends Socket {

	private final NamedPipeConnection connection;

	private final SocketAddress address;

	private volatile boolean closed;

	PipeSocket(NamedPipeConnection connection) throws SocketException {
		super((SocketImpl) null);
		this.connection = connection;
		this.address = new NamedPipeSocketAddress(connection.endPoint());
	}

	@Override
	public InputStream getInputStream() throws IOException {
		checkOpen();
		return this.connection.inputStream();
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		checkOpen();
		return this.connection.outputStream();
	}

	private void checkOpen() throws SocketException {
		if (this.closed) {
			throw new SocketException("Socket over named pipe '" + this.connection.endPoint().name() + "' is closed");
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.connection.close();
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isConnected() {
		return true;
	}

	@Override
	public boolean isBound() {
		return true;
	}

	// Every write goes to the pipe at once: there is no Nagle delay to turn off.
	@Override
	public void setTcpNoDelay(boolean on) {
	}

	@Override
	public boolean getTcpNoDelay() {
		return true;
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		if (timeout != 0) {
			throw unsupported("read timeouts (SO_TIMEOUT " + timeout + " ms)");
		}
	}

	@Override
	public int getSoTimeout() {
		return 0;
	}

	@Override
	public void shutdownInput() throws SocketException {
		throw unsupported("half-close");
	}

	@Override
	public void shutdownOutput() throws SocketException {
		throw unsupported("half-close");
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws SocketException {
		throw new SocketException("Socket over named pipe '" + this.connection.endPoint().name()
				+ "' is connected already");
	}

	private SocketException unsupported(String what) {
		return new SocketException(
				"A socket over named pipe '" + this.connection.endPoint().name() + "' does not support " + what);
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.address;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.address;
	}

	@Override
	public @Nullable InetAddress getInetAddress() {
		return null;
	}

	@Override
	public int getPort() {
		return 0;
	}

	@Override
	public String toString() {
		return "PipeSocket[" + this.address + ", " + this.connection.id() + (this.closed ? ", closed]" : "]");
	}

}
