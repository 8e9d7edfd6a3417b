package dev.namedpipe.jetty;

import java.net.SocketAddress;
import java.util.Objects;

import dev.namedpipe.NamedPipeEndPoint;

/**
 * The address of a named pipe, as Jetty reports it for connections whose transport is not a
 * socket channel (Win32 named pipes): a pipe has no per-client address, so both ends are
 * reported as the pipe itself.
 */
public final class NamedPipeSocketAddress extends SocketAddress {

	private static final long serialVersionUID = 1L;

	private final String address;

	/**
	 * Creates the address of an endpoint.
	 * @param endPoint the endpoint
	 */
	public NamedPipeSocketAddress(NamedPipeEndPoint endPoint) {
		this.address = endPoint.address();
	}

	/**
	 * The platform address of the pipe.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NamedPipeSocketAddress that && this.address.equals(that.address);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.address);
	}

	@Override
	public String toString() {
		return this.address;
	}

}
