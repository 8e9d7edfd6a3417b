/**
 * Jetty 12 over the named-pipe transport: a connector serving the application's HTTP on a
 * pipe, with the peer's identity on each request, and a client transport for Jetty's
 * {@code HttpClient} (optional {@code jetty-client}) calling a pipe.
 */
module dev.namedpipe.jetty {

	requires transitive dev.namedpipe;
	requires transitive org.eclipse.jetty.server;
	requires static transitive org.eclipse.jetty.client;
	requires org.slf4j;

	exports dev.namedpipe.jetty;

}
