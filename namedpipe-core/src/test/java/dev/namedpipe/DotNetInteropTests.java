package dev.namedpipe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.testsupport.CSharpCompiler;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interop with .NET's {@code System.IO.Pipes}: C# programs ({@code DotNetPipeClient.cs},
 * {@code DotNetPipeServer.cs}) compiled with Mono's {@code mcs} as the tests run and run with
 * {@code mono}, a client of our listener and a server for our client. Mono, like .NET, puts
 * a pipe on Unix at {@code Path.GetTempPath() + "CoreFxPipe_" + name}, where
 * {@link NamedPipeEndPoint#of(String)} puts it; each test runs with
 * {@code PipeOptions.None} and with {@code PipeOptions.CurrentUserOnly} (.NET then checks the
 * peer's credentials on its side too).
 */
@UnixOnly("Mono's System.IO.Pipes on Unix domain sockets")
class DotNetInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MIB = 1024 * 1024;

	private static final AtomicInteger sequence = new AtomicInteger();

	@TempDir
	Path directory;

	private Path socket;

	@AfterEach
	void nothingLeftBehind() throws Exception {
		assertThat(ProcessHandle.current().children()).isEmpty();
		assertThat(Files.deleteIfExists(this.socket)).as("socket file %s left behind", this.socket).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "None", "CurrentUserOnly" })
	void dotNetClientExchangesDataWithOurListener(String pipeOptions) throws Exception {
		String name = uniqueName();
		// .NET's directory is TMPDIR when set: give the client one and bind in the same.
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(name, NamedPipePlatform.current(), this.directory);
		this.socket = endPoint.unixSocketPath();
		List<String> client = CSharpCompiler.compile(getClass(), "DotNetPipeClient", this.directory);
		byte[] upload = randomBytes(1);
		Path uploadFile = Files.write(this.directory.resolve("upload"), upload);
		Path replyFile = this.directory.resolve("reply");
		byte[] reply = concat(randomBytes(2), ascii("bye from Java\n"));
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(endPoint,
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE);
				ExternalProgram running = ExternalProgram.start(this.directory,
						Map.of("TMPDIR", this.directory.toString()), withArguments(client, pipeOptions, name,
								uploadFile.toString(), replyFile.toString()))) {
			try (NamedPipeConnection connection = acceptFrom(listener, running)) {
				InputStream in = connection.inputStream();
				assertLine(in, "hello from .NET\n");
				assertSameBytes(in.readNBytes(MIB), upload);
				assertLine(in, "sha256 " + sha256(upload) + "\n");
				connection.outputStream().write(reply);
			}
			assertEnded(running, "received " + reply.length + " bytes, sha256 " + sha256(reply) + ", end of stream\n");
			assertSameBytes(Files.readAllBytes(replyFile), reply);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "None", "CurrentUserOnly" })
	void ourClientExchangesDataWithADotNetServer(String pipeOptions) throws Exception {
		String name = uniqueName();
		this.socket = NamedPipeEndPoint.of(name).unixSocketPath();
		List<String> server = CSharpCompiler.compile(getClass(), "DotNetPipeServer", this.directory);
		byte[] upload = randomBytes(3);
		try (ExternalProgram running = ExternalProgram.start(this.directory, Map.of(),
				withArguments(server, pipeOptions, name, String.valueOf(MIB)))) {
			await().atMost(WAIT).until(() -> running.stdout().contains("listening") || !running.isAlive());
			assertThat(running.stdout()).isEqualTo("listening\n");
			byte[] reply;
			try (NamedPipeConnection connection = NamedPipeClient.connect(name, WAIT)) {
				connection.outputStream().write(ascii("hello from Java\n"));
				connection.outputStream().write(upload);
				connection.outputStream().flush();
				reply = connection.inputStream().readAllBytes();
			}
			assertSameBytes(reply, concat(ascii("hello from .NET, you said: hello from Java\n"), upload,
					ascii("sha256 " + sha256(upload) + "\n")));
			assertEnded(running, "listening\nclosed\n");
		}
	}

	private static List<String> withArguments(List<String> command, String... arguments) {
		return Stream.concat(command.stream(), Arrays.stream(arguments)).toList();
	}

	private static void assertEnded(ExternalProgram program, String output) throws InterruptedException {
		program.await();
		assertThat(program.exitCode()).as("%s", program).isZero();
		assertThat(program.stdout()).as("%s", program).isEqualTo(output);
	}

	private static String uniqueName() {
		return "dotnet-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet();
	}

	private static void assertLine(InputStream in, String line) throws IOException {
		assertThat(in.readNBytes(line.length())).asString(StandardCharsets.US_ASCII).isEqualTo(line);
	}

	private static void assertSameBytes(byte[] actual, byte[] expected) {
		assertThat(Arrays.mismatch(actual, expected))
			.as("index of the first difference (%d bytes, %d expected)", actual.length, expected.length)
			.isEqualTo(-1);
	}

	private static byte[] randomBytes(long seed) {
		byte[] bytes = new byte[MIB];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	// The client gives up connecting before this wait ends, so its output says why.
	private static NamedPipeConnection acceptFrom(NamedPipeConnectionListener listener, ExternalProgram client)
			throws InterruptedException {
		try {
			return listener.accept(WAIT);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The .NET client did not connect; its output: " + client.stdout(), ex);
		}
	}

}
