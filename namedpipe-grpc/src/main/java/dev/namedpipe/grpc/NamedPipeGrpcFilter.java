package dev.namedpipe.grpc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.namedpipe.PeerIdentity;
import dev.namedpipe.jetty.PeerIdentityCustomizer;

/**
 * Lets grpc-java's servlet transport serve requests that came over a named pipe, and hands
 * their peer to {@link NamedPipeGrpcPeer}. grpc-servlet makes an {@code InetSocketAddress} of
 * each request's remote and local host and port; a pipe has neither (port {@code -1}: every
 * call would fail "port out of range"), and its path is no host name to look up. A pipe
 * request is therefore shown to the gRPC servlet as {@code 0.0.0.0:0} at both ends; the
 * client is its {@link PeerIdentity}. Requests from other connectors, and requests that are
 * not gRPC (content type {@code application/grpc...}), pass unchanged: the filter can sit in
 * front of a whole application.
 */
public final class NamedPipeGrpcFilter extends HttpFilter {

	private static final long serialVersionUID = 1L;

	/** What grpc-servlet is shown as the address of either end of a pipe: no address. */
	static final String NO_ADDRESS = "0.0.0.0";

	private static final String GRPC_CONTENT_TYPE = "application/grpc";

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!isGrpc(request)
				|| !(request.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE) instanceof PeerIdentity peer)) {
			chain.doFilter(request, response);
			return;
		}
		NamedPipeGrpcPeer.arriving(peer);
		try {
			chain.doFilter(new PipeRequest(request), response);
		}
		finally {
			NamedPipeGrpcPeer.arriving(null);
		}
	}

	private static boolean isGrpc(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.startsWith(GRPC_CONTENT_TYPE);
	}

	private static final class PipeRequest extends HttpServletRequestWrapper {

		PipeRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getRemoteHost() {
			return NO_ADDRESS;
		}

		@Override
		public String getRemoteAddr() {
			return NO_ADDRESS;
		}

		@Override
		public int getRemotePort() {
			return 0;
		}

		@Override
		public String getLocalAddr() {
			return NO_ADDRESS;
		}

		@Override
		public int getLocalPort() {
			return 0;
		}

	}

}
