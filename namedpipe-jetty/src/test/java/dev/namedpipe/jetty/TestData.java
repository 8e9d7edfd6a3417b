package dev.namedpipe.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A reproducible byte stream of any length (a 64 KiB random block repeated), and digests.
 */
final class TestData {

	static final long HUNDRED_MIB = 100L * 1024 * 1024;

	private static final byte[] BLOCK = new byte[64 * 1024];

	static {
		new Random(42).nextBytes(BLOCK);
	}

	private TestData() {
	}

	static void write(OutputStream out, long bytes) throws IOException {
		for (long left = bytes; left > 0; left -= BLOCK.length) {
			out.write(BLOCK, 0, (int) Math.min(left, BLOCK.length));
		}
	}

	static Path file(Path directory, long bytes) throws IOException {
		Path file = directory.resolve("data-" + bytes);
		try (OutputStream out = Files.newOutputStream(file)) {
			write(out, bytes);
		}
		return file;
	}

	static String sha256(long bytes) throws IOException {
		MessageDigest digest = newDigest();
		try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			write(out, bytes);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static String sha256(Path file) throws IOException {
		MessageDigest digest = newDigest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
