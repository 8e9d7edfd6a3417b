package dev.namedpipe.jetty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP/1.1 response as a client read it off the wire, with a {@code Content-Length} body.
 *
 * @param statusLine the status line
 * @param headers the header fields, names in lower case
 * @param body the body
 */
record RawHttpResponse(String statusLine, Map<String, String> headers, String body) {

	/**
	 * Splits what a client read into responses; every byte must belong to one.
	 * @param raw what the client read
	 * @return the responses in order
	 */
	static List<RawHttpResponse> parseAll(String raw) {
		List<RawHttpResponse> responses = new ArrayList<>();
		int position = 0;
		while (position < raw.length()) {
			int headEnd = raw.indexOf("\r\n\r\n", position);
			assertThat(headEnd).as("end of the head of response %d in %s", responses.size() + 1, raw).isNotNegative();
			String[] lines = raw.substring(position, headEnd).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
			}
			assertThat(headers).as("headers of %s", lines[0]).containsKey("content-length");
			int bodyStart = headEnd + 4;
			position = bodyStart + Integer.parseInt(headers.get("content-length"));
			assertThat(position).as("body end of %s in %d bytes", lines[0], raw.length()).isLessThanOrEqualTo(raw.length());
			responses.add(new RawHttpResponse(lines[0], headers, raw.substring(bodyStart, position)));
		}
		return responses;
	}

}
