package dev.namedpipe.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic corpus of malformed HTTP/1.1 requests from a seeded {@link Random}: truncated
 * request lines, oversized headers, invalid chunk sizes, bad content lengths, bad versions and
 * methods, header lines without a colon, and binary garbage. Every input is invalid by
 * construction, so a server may only refuse it.
 */
final class MalformedHttpCorpus {

	private static final String HEAD = "POST /ok HTTP/1.1\r\nHost: localhost\r\n";

	private final Random random;

	MalformedHttpCorpus(long seed) {
		this.random = new Random(seed);
	}

	List<byte[]> generate(int count) {
		List<byte[]> corpus = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			corpus.add(switch (i % 8) {
				case 0 -> truncatedRequestLine();
				case 1 -> hugeHeader();
				case 2 -> invalidChunkSize();
				case 3 -> badContentLength();
				case 4 -> badVersionOrMethod();
				case 5 -> headerWithoutColon();
				case 6 -> controlCharacterInTarget();
				default -> binaryGarbage();
			});
		}
		return corpus;
	}

	/** A valid request cut before its blank line: the server sees the end of stream. */
	private byte[] truncatedRequestLine() {
		String full = "GET /ok?q=" + this.random.nextInt(1000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
		return ascii(full.substring(0, this.random.nextInt(full.length() - 3)));
	}

	/** One header larger than Jetty's 8 KiB request header limit. */
	private byte[] hugeHeader() {
		int size = 9 * 1024 + this.random.nextInt(56 * 1024);
		return ascii("GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(size) + "\r\n\r\n");
	}

	private byte[] invalidChunkSize() {
		String[] sizes = { "zz", "-1", "FFFFFFFFFFFFFFFFFFFF", "1 2", "0x10", "", "\u0000", "g" + this.random.nextInt(99) };
		String size = sizes[this.random.nextInt(sizes.length)];
		return ascii(HEAD + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\nabc\r\n0\r\n\r\n");
	}

	private byte[] badContentLength() {
		String[] lengths = { "-5", "abc", "1, 2", "99999999999999999999999", "4\r\nContent-Length: 7", "+3" };
		return ascii(HEAD + "Content-Length: " + lengths[this.random.nextInt(lengths.length)] + "\r\n\r\nabcdefg");
	}

	private byte[] badVersionOrMethod() {
		String[] lines = { "GET /ok HTTP/9.9", "GET /ok HTTX/1.1", "G(T /ok HTTP/1.1", "GET /ok HTTP/1.1 extra",
				"GET  HTTP/1.1", "/ok HTTP/1.1", "GET /ok HTTP/1." + (char) ('a' + this.random.nextInt(26)) };
		return ascii(lines[this.random.nextInt(lines.length)] + "\r\nHost: localhost\r\n\r\n");
	}

	private byte[] headerWithoutColon() {
		return ascii("GET /ok HTTP/1.1\r\nHost: localhost\r\nNoColonHere" + this.random.nextInt(1000) + "\r\n\r\n");
	}

	private byte[] controlCharacterInTarget() {
		char control = (char) (1 + this.random.nextInt(31));
		return ascii("GET /o" + control + "k HTTP/1.1\r\nHost: localhost\r\n\r\n");
	}

	/** Random bytes that never start like a request line (the first byte is not a letter). */
	private byte[] binaryGarbage() {
		ByteArrayOutputStream garbage = new ByteArrayOutputStream();
		garbage.write(0x80 | this.random.nextInt(0x80));
		byte[] tail = new byte[this.random.nextInt(2048)];
		this.random.nextBytes(tail);
		garbage.writeBytes(tail);
		return garbage.toByteArray();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
