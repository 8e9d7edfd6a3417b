package dev.namedpipe.jetty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client's Unix connections on Jetty's own selector, as {@code Transport.TCPUnix}'s are.
 */
@UnixOnly("the selector path is the Unix path; Windows runs HttpClientStreamPathTests")
class HttpClientSelectorPathTests extends AbstractNamedPipeHttpClientTests {

	@Override
	boolean streamEndPointsForced() {
		return false;
	}

	// Not on the stream path yet: its flush blocks in the pipe's write, which Jetty's abort
	// waits for, so there the exchange ends only with the idle timeout (docs/http.md, Limits).
	@Test
	void exchangeAbortedWhileTheUploadIsBlockedEndsAtOnce() throws Exception {
		// The server echoes 8 MiB while the response is buffered up to 2 MiB: Jetty aborts the
		// exchange while the upload waits for the server to read on.
		byte[] body = new byte[8 * 1024 * 1024];
		CompletableFuture<ContentResponse> echo = CompletableFuture.supplyAsync(() -> {
			try {
				return this.client.newRequest("/echo").method(HttpMethod.POST).body(new BytesRequestContent(body)).send();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> echo.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.withMessageContaining("Buffering capacity");
		assertThat(this.client.GET("/host").getStatus()).isEqualTo(200);
	}

}
