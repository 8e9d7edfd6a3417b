package dev.namedpipe.jetty;

/**
 * The generic path of non-Unix backends, forced over Unix connections.
 */
class StreamPathTests extends AbstractNamedPipeServerConnectorTests {

	@Override
	boolean streamEndPointsForced() {
		return true;
	}

}
