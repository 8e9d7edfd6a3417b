package dev.namedpipe.jetty;

/**
 * The Unix path: accepted channels on Jetty's selector.
 */
class SelectorPathTests extends AbstractNamedPipeServerConnectorTests {

	@Override
	boolean streamEndPointsForced() {
		return false;
	}

}
