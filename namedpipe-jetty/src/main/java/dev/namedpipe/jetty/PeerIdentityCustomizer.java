package dev.namedpipe.jetty;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

import dev.namedpipe.PeerIdentity;

/**
 * Sets the {@link #PEER_IDENTITY_ATTRIBUTE} request attribute to the {@link PeerIdentity} of
 * the client on every request that came over a named pipe, HTTP/1.1 or HTTP/2 alike.
 * Requests from other connectors are left alone, so one {@link HttpConfiguration} can be
 * shared. {@link NamedPipeServerConnector} installs it on its connection factories.
 */
public final class PeerIdentityCustomizer implements HttpConfiguration.Customizer {

	/** The request attribute holding the {@link PeerIdentity} of the client. */
	public static final String PEER_IDENTITY_ATTRIBUTE = "dev.namedpipe.peer";

	@Override
	public Request customize(Request request, HttpFields.Mutable responseHeaders) {
		EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
		if (endPoint instanceof PipeBackedEndPoint pipeEndPoint) {
			request.setAttribute(PEER_IDENTITY_ATTRIBUTE, pipeEndPoint.pipeConnection().peer());
		}
		return request;
	}

}
