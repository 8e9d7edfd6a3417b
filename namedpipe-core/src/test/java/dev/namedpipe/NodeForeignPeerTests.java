package dev.namedpipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.Background;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node.js, a peer no one here wrote, on both platforms (Node.js for Windows takes
 * {@code \\.\pipe\} names as paths): its client reads every byte a raw connection sends and
 * then sees the end of the stream ({@code end}, not an error: libuv reports a Win32 pipe
 * ended with ERROR_PIPE_NOT_CONNECTED as {@code EPIPE}), and our client talks to its server.
 */
class NodeForeignPeerTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int TEN_MIB = 10 * 1024 * 1024;

	private Path directory;

	private NamedPipeEndPoint endPoint;

	@BeforeAll
	static void requireNode() {
		RequiredTool.NODE.require();
	}

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
	}

	@AfterEach
	void tearDown() throws IOException {
		TestPipes.assertReleased(this.endPoint);
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void nodeClientReadsEveryByteThenTheEndOfTheStream() throws Exception {
		Path script = ExternalProgram.copyResource(getClass(), "node-raw-client.js", this.directory);
		try (NamedPipeConnectionListener listener = TestPipes.bind(this.endPoint);
				ExternalProgram node = ExternalProgram.start(this.directory, "node", script.toString(),
						this.endPoint.address(), String.valueOf(TEN_MIB))) {
			String uploaded;
			try (NamedPipeConnection connection = listener.accept(WAIT)) {
				uploaded = sha256(connection.inputStream(), TEN_MIB);
				writePattern(connection.outputStream(), TEN_MIB);
			}
			node.await();
			assertThat(uploaded).isEqualTo(patternSha256(TEN_MIB));
			assertThat(node.exitCode()).as("%s", node).isZero();
			assertThat(node.stdout().strip()).as("%s", node)
				.isEqualTo("{\"end\":true,\"received\":" + TEN_MIB + ",\"sha256\":\"" + patternSha256(TEN_MIB) + "\"}");
		}
	}

	@Test
	void ourClientTalksToANodeServer() throws Exception {
		Path script = ExternalProgram.copyResource(getClass(), "node-raw-server.js", this.directory);
		int size = 1024 * 1024;
		try (ExternalProgram node = ExternalProgram.start(this.directory, "node", script.toString(),
				this.endPoint.address())) {
			await().atMost(WAIT).until(() -> node.stdout().contains("listening") || !node.isAlive());
			assertThat(node.stdout()).as("%s", node).isEqualTo("listening\n");
			try (NamedPipeConnection client = NamedPipeClient.connect(this.endPoint, clientOptions(), WAIT)) {
				var echoed = Background.call(() -> sha256(client.inputStream(), size));
				writePattern(client.outputStream(), size);
				assertThat(echoed.get()).isEqualTo(patternSha256(size));
			}
			node.await();
			assertThat(node.exitCode()).as("%s", node).isZero();
			assertThat(node.stdout()).as("%s", node).isEqualTo("listening\nend " + size + "\n");
		}
	}

	// Wine records no owner for a pipe created with the default security, as Node's is, so the
	// server-owner check (which real Windows passes: the owner is the user's) is off there.
	private static NamedPipeTransportOptions clientOptions() {
		return NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build();
	}

	// The scripts' pattern: byte i is (i * 31 + 7) mod 256.
	private static void writePattern(OutputStream out, int size) throws IOException {
		byte[] chunk = new byte[64 * 1024];
		for (int offset = 0; offset < size; offset += chunk.length) {
			int length = Math.min(chunk.length, size - offset);
			for (int i = 0; i < length; i++) {
				chunk[i] = (byte) ((offset + i) * 31 + 7);
			}
			out.write(chunk, 0, length);
		}
		out.flush();
	}

	private static String patternSha256(int size) throws IOException {
		MessageDigest digest = sha256();
		try (OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			writePattern(out, size);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(InputStream in, int size) throws IOException {
		MessageDigest digest = sha256();
		byte[] buffer = new byte[64 * 1024];
		for (int total = 0; total < size;) {
			int count = in.read(buffer, 0, Math.min(buffer.length, size - total));
			if (count < 0) {
				throw new IOException("End of stream after " + total + " of " + size + " bytes");
			}
			digest.update(buffer, 0, count);
			total += count;
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
