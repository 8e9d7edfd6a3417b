package dev.namedpipe.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import dev.namedpipe.PeerIdentity;

/**
 * A plain Jetty handler that streams: {@code /peer} answers the peer identity attribute's
 * user, the protocol and the endpoint type, {@code /upload} digests the body as it arrives, {@code /download?bytes=n}
 * writes {@link TestData} without a content length (chunked), {@code /echo} streams the body
 * back as it arrives, {@code /pid} answers the peer's process id ({@code none} where the OS
 * gives none), {@code /host} the {@code Host} header, {@code /slow} waits for the test to
 * release it, {@code /vanish} sends the head and the first KiB of a 64 KiB body, then
 * closes the connection as a server that dies would.
 */
class TestHandler extends Handler.Abstract {

	final CountDownLatch slowEntered = new CountDownLatch(1);

	final CountDownLatch slowRelease = new CountDownLatch(1);

	@Override
	public boolean handle(Request request, Response response, Callback callback) throws Exception {
		switch (Request.getPathInContext(request)) {
			case "/peer" -> {
				Object peer = request.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE);
				String user = (peer instanceof PeerIdentity identity) ? identity.user() : "none";
				String version = request.getConnectionMetaData().getHttpVersion().asString();
				String endPoint = request.getConnectionMetaData().getConnection().getEndPoint().getClass().getSimpleName();
				text(response, callback, user + " " + version + " " + endPoint);
			}
			case "/pid" -> {
				Object peer = request.getAttribute(PeerIdentityCustomizer.PEER_IDENTITY_ATTRIBUTE);
				OptionalLong pid = (peer instanceof PeerIdentity identity) ? identity.pid() : OptionalLong.empty();
				text(response, callback, pid.isPresent() ? String.valueOf(pid.getAsLong()) : "none");
			}
			case "/host" -> text(response, callback, request.getHeaders().get(HttpHeader.HOST));
			case "/echo" -> {
				response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
				Content.copy(request, response, callback);
			}
			case "/upload" -> {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				long count = 0;
				byte[] buffer = new byte[8192];
				try (InputStream in = Content.Source.asInputStream(request)) {
					for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
						digest.update(buffer, 0, read);
						count += read;
					}
				}
				text(response, callback, count + " " + HexFormat.of().formatHex(digest.digest()));
			}
			case "/download" -> {
				Fields query = Request.extractQueryParameters(request);
				long bytes = Long.parseLong(query.getValue("bytes"));
				response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
				try (OutputStream out = Content.Sink.asOutputStream(response)) {
					TestData.write(out, bytes);
				}
				callback.succeeded();
			}
			case "/slow" -> {
				this.slowEntered.countDown();
				this.slowRelease.await();
				text(response, callback, "slow done");
			}
			case "/vanish" -> {
				response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
				response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 64 * 1024);
				try (Blocker.Callback written = Blocker.callback()) {
					response.write(false, ByteBuffer.wrap(new byte[1024]), written);
					written.block();
				}
				request.getConnectionMetaData().getConnection().getEndPoint().close();
				callback.failed(new IOException("vanished"));
			}
			default -> Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
		}
		return true;
	}

	private static void text(Response response, Callback callback, String text) {
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
		Content.Sink.write(response, true, text, callback);
	}

}
