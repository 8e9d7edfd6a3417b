/**
 * Jetty 12 over the named-pipe transport: a connector serving the application's HTTP on a
 * pipe, with the peer's identity on each request.
 */
module dev.namedpipe.jetty {

	requires transitive dev.namedpipe;
	requires transitive org.eclipse.jetty.server;
	requires org.slf4j;

	exports dev.namedpipe.jetty;

}
