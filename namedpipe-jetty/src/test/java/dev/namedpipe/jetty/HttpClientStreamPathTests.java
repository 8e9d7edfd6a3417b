package dev.namedpipe.jetty;

/**
 * The client's connections bridged over their blocking streams: the Windows path, forced on
 * Unix connections elsewhere.
 */
class HttpClientStreamPathTests extends AbstractNamedPipeHttpClientTests {

	@Override
	boolean streamEndPointsForced() {
		return true;
	}

}
