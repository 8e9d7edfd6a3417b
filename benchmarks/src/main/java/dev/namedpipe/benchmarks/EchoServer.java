package dev.namedpipe.benchmarks;

import java.net.SocketAddress;

/**
 * A server under test that echoes every byte back, reachable at an address.
 */
interface EchoServer extends AutoCloseable {

	/**
	 * The name in reports.
	 * @return the name
	 */
	String name();

	/**
	 * Where clients connect.
	 * @return a Unix domain socket or TCP address
	 */
	SocketAddress address();

	@Override
	void close();

}
