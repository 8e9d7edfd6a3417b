package dev.namedpipe.jetty;

import dev.namedpipe.NamedPipeConnection;

/**
 * A Jetty endpoint that carries one connection of our transport and ends it when it closes.
 */
interface PipeBackedEndPoint {

	/**
	 * The transport connection under this endpoint.
	 * @return the connection
	 */
	NamedPipeConnection pipeConnection();

}
