package dev.namedpipe.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.RawPipeClient;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of {@value #CASES} malformed HTTP/2 inputs, one per pipe connection, sent to the gRPC
 * server behind the pipe connector: each is answered with an error (a GOAWAY with an error code
 * for a good preface followed by a bad frame, an HTTP/1.1 error status for a bad preface) and the
 * connection closed by the server; the listener goes on, and a gRPC call afterwards succeeds.
 * The corpus is built from a fixed seed: each case is a frame that RFC 9113 makes a connection
 * error, with random stream ids, lengths and payloads.
 */
class MalformedHttp2Tests {

	private static final int CASES = 1000;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int DATA = 0x0;

	private static final int HEADERS = 0x1;

	private static final int PRIORITY = 0x2;

	private static final int RST_STREAM = 0x3;

	private static final int SETTINGS = 0x4;

	private static final int PING = 0x6;

	private static final int GOAWAY = 0x7;

	private static final int WINDOW_UPDATE = 0x8;

	private static final int CONTINUATION = 0x9;

	private final ExecutorService reader = Executors.newSingleThreadExecutor();

	private GrpcPipeServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = GrpcPipeServer.startInOwnDirectory();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.reader.shutdownNow();
		this.server.close();
	}

	@Test
	void everyMalformedInputGetsAnErrorAndAClosedConnectionAndTheServerGoesOn() throws Exception {
		List<Case> corpus = corpus(new Random(20261201L));
		assertThat(corpus).hasSize(CASES);
		List<String> failures = new ArrayList<>();
		for (Case malformed : corpus) {
			try {
				byte[] answer = send(malformed);
				if (describeError(answer) == null) {
					failures.add(malformed + " answered " + hex(answer));
				}
			}
			catch (AssertionError ex) {
				failures.add(ex.getMessage());
			}
		}
		assertThat(failures).isEmpty();
		assertThat(this.server.observer.accepted()).isEqualTo(CASES);
		assertThat(this.server.observer.listenerAborts()).isZero();

		ManagedChannel channel = NamedPipeGrpcChannels
			.forPipe(this.server.endPoint(),
					NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build(),
					WAIT)
			.build();
		try {
			assertThat(ClientCalls.blockingUnaryCall(channel, TextService.ECHO, CallOptions.DEFAULT, "after"))
				.isEqualTo("echo:after");
		}
		finally {
			channel.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	// Sends the input and reads until the server ends the connection, which it must within WAIT.
	private byte[] send(Case malformed) throws Exception {
		try (RawPipeClient client = RawPipeClient.connect(this.server.endPoint().address())) {
			CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> readToEnd(client), this.reader);
			try {
				client.write(malformed.bytes());
			}
			catch (IOException ex) {
				// the server may have answered and closed before the last bytes were written
			}
			try {
				return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError(malformed + ": the server did not close the connection within " + WAIT, ex);
			}
		}
	}

	private static byte[] readToEnd(RawPipeClient client) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[16 * 1024];
		try {
			for (int count = client.read(buffer); count >= 0; count = client.read(buffer)) {
				all.write(buffer, 0, count);
			}
		}
		catch (IOException ex) {
			// the pipe ended under the read (Windows reports a closed server end as broken)
		}
		return all.toByteArray();
	}

	/**
	 * The error the server answered: an HTTP/1.1 status of 400 or more, or a GOAWAY frame with
	 * an error code other than NO_ERROR after its SETTINGS; {@code null} when it answered none.
	 */
	static String describeError(byte[] answer) {
		String text = new String(answer, StandardCharsets.ISO_8859_1);
		if (text.startsWith("HTTP/1.1 ")) {
			int status = Integer.parseInt(text.substring(9, 12));
			return (status >= 400) ? "HTTP " + status : null;
		}
		ByteBuffer frames = ByteBuffer.wrap(answer);
		while (frames.remaining() >= 9) {
			int length = ((frames.get() & 0xFF) << 16) | ((frames.get() & 0xFF) << 8) | (frames.get() & 0xFF);
			int type = frames.get() & 0xFF;
			frames.get();
			frames.getInt();
			if (frames.remaining() < length) {
				return null;
			}
			if (type == GOAWAY && length >= 8) {
				frames.getInt();
				int errorCode = frames.getInt();
				return (errorCode != 0) ? "GOAWAY " + errorCode : null;
			}
			frames.position(frames.position() + length);
		}
		return null;
	}

	private static List<Case> corpus(Random random) {
		List<Case> cases = new ArrayList<>();
		List<Generator> generators = List.of(MalformedHttp2Tests::brokenPreface, MalformedHttp2Tests::settingsOfBadLength,
				MalformedHttp2Tests::settingsOnAStream, MalformedHttp2Tests::pingOfBadLength,
				MalformedHttp2Tests::frameOnStreamZero, MalformedHttp2Tests::windowUpdateOfBadLength,
				MalformedHttp2Tests::zeroWindowIncrement, MalformedHttp2Tests::headersOnAnEvenStream,
				MalformedHttp2Tests::garbageHeaderBlock, MalformedHttp2Tests::continuationWithoutHeaders,
				MalformedHttp2Tests::oversizedFrame, MalformedHttp2Tests::badSettingValue,
				MalformedHttp2Tests::firstFrameNotSettings, MalformedHttp2Tests::priorityOfBadLength);
		for (int i = 0; i < CASES; i++) {
			Generator generator = generators.get(i % generators.size());
			cases.add(generator.generate(random, i));
		}
		return cases;
	}

	private static Case brokenPreface(Random random, int index) {
		byte[] preface = PREFACE.clone();
		int position = random.nextInt(preface.length);
		preface[position] = (byte) (preface[position] ^ (1 + random.nextInt(255)));
		return new Case(index, "preface changed at byte " + position, preface);
	}

	private static Case settingsOfBadLength(Random random, int index) {
		int length = 6 * random.nextInt(4) + 1 + random.nextInt(5);
		return withPreface(index, "SETTINGS of " + length + " bytes", frame(SETTINGS, 0, 0, randomBytes(random, length)));
	}

	private static Case settingsOnAStream(Random random, int index) {
		int stream = 1 + random.nextInt(1000);
		return withPreface(index, "SETTINGS on stream " + stream, frame(SETTINGS, 0, stream, new byte[0]));
	}

	private static Case pingOfBadLength(Random random, int index) {
		int length = random.nextBoolean() ? random.nextInt(8) : 9 + random.nextInt(100);
		return withSettings(index, "PING of " + length + " bytes", frame(PING, 0, 0, randomBytes(random, length)));
	}

	private static Case frameOnStreamZero(Random random, int index) {
		int type = List.of(DATA, HEADERS, RST_STREAM).get(random.nextInt(3));
		// Not empty: Jetty 12.1 passes over an empty DATA or HEADERS frame on stream 0 without the
		// PROTOCOL_ERROR RFC 9113 asks for, leaving the connection to its idle timeout (docs/grpc.md).
		int length = (type == RST_STREAM) ? 4 : 1 + random.nextInt(63);
		return withSettings(index, "frame type " + type + " of " + length + " bytes on stream 0",
				frame(type, 0, 0, randomBytes(random, length)));
	}

	private static Case windowUpdateOfBadLength(Random random, int index) {
		int length = random.nextBoolean() ? random.nextInt(4) : 5 + random.nextInt(20);
		return withSettings(index, "WINDOW_UPDATE of " + length + " bytes",
				frame(WINDOW_UPDATE, 0, 0, randomBytes(random, length)));
	}

	private static Case zeroWindowIncrement(Random random, int index) {
		return withSettings(index, "WINDOW_UPDATE of 0 on the connection", frame(WINDOW_UPDATE, 0, 0, new byte[4]));
	}

	private static Case headersOnAnEvenStream(Random random, int index) {
		int stream = 2 * (1 + random.nextInt(1000));
		return withSettings(index, "HEADERS on even stream " + stream,
				frame(HEADERS, 0x4 | 0x1, stream, new byte[] { (byte) 0x83 }));
	}

	// Indexed header fields past the static table and an empty dynamic one.
	private static Case garbageHeaderBlock(Random random, int index) {
		byte[] block = new byte[1 + random.nextInt(32)];
		for (int i = 0; i < block.length; i++) {
			block[i] = (byte) (0x80 | (62 + random.nextInt(65)));
		}
		return withSettings(index, "HEADERS with " + block.length + " unknown indexed fields",
				frame(HEADERS, 0x4 | 0x1, 1, block));
	}

	private static Case continuationWithoutHeaders(Random random, int index) {
		int stream = 1 + 2 * random.nextInt(1000);
		return withSettings(index, "CONTINUATION on stream " + stream + " without HEADERS",
				frame(CONTINUATION, 0x4, stream, randomBytes(random, random.nextInt(32))));
	}

	// Beyond the default SETTINGS_MAX_FRAME_SIZE (16,384): only the header is sent.
	private static Case oversizedFrame(Random random, int index) {
		int length = 16_385 + random.nextInt(1 << 23);
		byte[] header = frame(DATA, 0, 1, new byte[0]);
		header[0] = (byte) (length >>> 16);
		header[1] = (byte) (length >>> 8);
		header[2] = (byte) length;
		return withSettings(index, "DATA announcing " + length + " bytes", header);
	}

	private static Case badSettingValue(Random random, int index) {
		ByteBuffer setting = ByteBuffer.allocate(6);
		String what;
		if (random.nextBoolean()) {
			int value = 2 + random.nextInt(1000);
			setting.putShort((short) 0x2).putInt(value);
			what = "SETTINGS_ENABLE_PUSH " + value;
		}
		else {
			long value = (1L << 31) + random.nextInt(1 << 30);
			setting.putShort((short) 0x4).putInt((int) value);
			what = "SETTINGS_INITIAL_WINDOW_SIZE " + value;
		}
		return withPreface(index, what, frame(SETTINGS, 0, 0, setting.array()));
	}

	private static Case firstFrameNotSettings(Random random, int index) {
		return withPreface(index, "PING before SETTINGS", frame(PING, 0, 0, randomBytes(random, 8)));
	}

	private static Case priorityOfBadLength(Random random, int index) {
		int length = random.nextBoolean() ? random.nextInt(5) : 6 + random.nextInt(20);
		int stream = 1 + 2 * random.nextInt(1000);
		return withSettings(index, "PRIORITY of " + length + " bytes", frame(PRIORITY, 0, stream, randomBytes(random, length)));
	}

	private static Case withPreface(int index, String what, byte[] frames) {
		return new Case(index, what, concat(PREFACE, frames));
	}

	private static Case withSettings(int index, String what, byte[] frames) {
		return new Case(index, what, concat(PREFACE, frame(SETTINGS, 0, 0, new byte[0]), frames));
	}

	private static byte[] frame(int type, int flags, int stream, byte[] payload) {
		return ByteBuffer.allocate(9 + payload.length)
			.put((byte) (payload.length >>> 16))
			.put((byte) (payload.length >>> 8))
			.put((byte) payload.length)
			.put((byte) type)
			.put((byte) flags)
			.putInt(stream)
			.put(payload)
			.array();
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(bytes.length, 64); i++) {
			hex.append(String.format("%02x", bytes[i]));
		}
		return bytes.length + " bytes " + hex + ((bytes.length > 64) ? "..." : "");
	}

	@FunctionalInterface
	private interface Generator {

		Case generate(Random random, int index);

	}

	private record Case(int index, String what, byte[] bytes) {

		@Override
		public String toString() {
			return "case " + this.index + " (" + this.what + ")";
		}

	}

}
