package dev.namedpipe.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.awaitility.Awaitility;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.jetty.NamedPipeClientTransport;
import dev.namedpipe.jetty.NamedPipeHttpClient;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * grpc-java's channel over the pipe client ({@link NamedPipeGrpcChannels}) calling a gRPC
 * server behind the pipe connector, on both platforms (Win32 pipes under Wine): every call
 * type on one pipe connection, deadlines and cancellation, a missing method, the caller's
 * identity in the service's context, {@code :authority} {@code localhost}, a server that is
 * not there ({@code UNAVAILABLE} naming the pipe) and one that comes back.
 */
class NamedPipeGrpcChannelsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private GrpcPipeServer server;

	private ManagedChannel channel;

	@BeforeEach
	void setUp() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
	}

	@AfterEach
	void tearDown() throws Exception {
		if (this.channel != null) {
			this.channel.shutdownNow();
			assertThat(this.channel.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		if (this.server != null) {
			this.server.close();
		}
		PipeNames.deleteDirectory(this.directory);
	}

	// Wine records no owner for a pipe (docs/windows.md): the server-owner check is off there only.
	private static NamedPipeTransportOptions clientOptions() {
		return NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build();
	}

	private GrpcPipeServer startServer() throws Exception {
		return new GrpcPipeServer(this.endPoint, NamedPipeTransportOptions.defaults()).start();
	}

	private ManagedChannel channel(Duration connectTimeout) {
		return NamedPipeGrpcChannels.forPipe(this.endPoint, clientOptions(), connectTimeout).build();
	}

	private String unary(io.grpc.MethodDescriptor<String, String> method, String request, CallOptions options) {
		return ClientCalls.blockingUnaryCall(this.channel, method, options, request);
	}

	@Test
	void everyCallTypeOverOnePipeConnection() throws Exception {
		this.server = startServer();
		this.channel = channel(WAIT);
		CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS);

		assertThat(unary(TextService.ECHO, "over the pipe", options)).isEqualTo("echo:over the pipe");

		List<String> counted = new ArrayList<>();
		Iterator<String> stream = ClientCalls.blockingServerStreamingCall(this.channel, TextService.COUNT, options, "5");
		stream.forEachRemaining(counted::add);
		assertThat(counted).containsExactly("1", "2", "3", "4", "5");

		Reply joined = new Reply();
		StreamObserver<String> join = ClientCalls.asyncClientStreamingCall(this.channel.newCall(TextService.JOIN, options),
				joined);
		for (String part : List.of("a", "b", "c")) {
			join.onNext(part);
		}
		join.onCompleted();
		assertThat(joined.messages.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly("abc");

		// Each reply arrives before the next message is sent: the stream is full duplex.
		ChatReplies chat = new ChatReplies();
		StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(this.channel.newCall(TextService.CHAT, options),
				chat);
		for (String message : List.of("one", "two", "three")) {
			requests.onNext(message);
			assertThat(chat.next()).isEqualTo("chat:" + message);
		}
		requests.onCompleted();
		assertThat(chat.completed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		assertThat(this.server.observer.accepted()).isOne();
		assertThat(this.server.service.authorities).hasSize(4).containsOnly("localhost");
	}

	@Test
	void deadlinesCancelTheServerCallAndMissingMethodsAreUnimplemented() throws Exception {
		this.server = startServer();
		this.channel = channel(WAIT);
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> unary(TextService.SLOW, "x", CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS)))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		assertThat(this.server.service.slowCancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS))
			.as("cancellation reached the server")
			.isTrue();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> unary(TextService.MISSING, "x", CallOptions.DEFAULT))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
	}

	@Test
	void theServiceSeesTheCallerThroughTheContext() throws Exception {
		this.server = startServer();
		this.channel = channel(WAIT);
		String who = unary(TextService.WHO, "", CallOptions.DEFAULT);
		String user = System.getProperty("user.name");
		assertThat(who).as("user uid pid").containsIgnoringCase(user).endsWith(" " + ProcessHandle.current().pid());
		assertThat(this.server.service.peersSeenByInterceptor).containsExactly(who);
		assertThat(this.server.service.remoteAddresses).containsExactly("/0.0.0.0:0");
	}

	// The filter sits in front of the whole context: a request that is not gRPC sees the pipe
	// request as the connector made it (no port: -1), not the filter's 0.0.0.0:0.
	@Test
	void requestsThatAreNotGrpcPassTheFilterUnchanged() throws Exception {
		this.server = startServer();
		NamedPipeHttpClient http = new NamedPipeHttpClient(new NamedPipeClientTransport(this.endPoint, clientOptions()));
		http.start();
		try {
			ContentResponse response = http.GET(GrpcPipeServer.ADDRESS_PATH);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentAsString()).doesNotStartWith(NamedPipeGrpcFilter.NO_ADDRESS).endsWith(" -1");
		}
		finally {
			http.stop();
		}
	}

	@Test
	void aMissingServerIsUnavailableNamingThePipeAndTheChannelReconnectsWhenItIsBack() throws Exception {
		this.channel = channel(Duration.ofMillis(200));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> unary(TextService.ECHO, "x", CallOptions.DEFAULT))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(causes(ex)).anySatisfy((message) -> assertThat(message).contains(this.endPoint.name()));
			});
		this.server = startServer();
		CallOptions waitForReady = CallOptions.DEFAULT.withWaitForReady()
			.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(unary(TextService.ECHO, "back", waitForReady)).isEqualTo("echo:back");

		// A new server on the same pipe, as after a restart: the old connection ends, a new one is made.
		this.server.close();
		Awaitility.await().atMost(WAIT).until(() -> this.server.observer.closed().size() == 1);
		this.server = startServer();
		assertThat(unary(TextService.ECHO, "again", waitForReady)).isEqualTo("echo:again");
		assertThat(this.server.observer.accepted()).isOne();
	}

	@Test
	void aShutDownChannelLeavesNoPipeConnectionOpen() throws Exception {
		this.server = startServer();
		this.channel = channel(WAIT);
		for (int i = 0; i < 50; i++) {
			assertThat(unary(TextService.ECHO, Integer.toString(i), CallOptions.DEFAULT)).isEqualTo("echo:" + i);
		}
		this.channel.shutdown();
		assertThat(this.channel.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> this.server.observer.closed().size() == 1);
		// How it ended is a race of the two GOAWAYs: on Windows the server's may meet a closed pipe
		// (io_error); that it ended, and was the only one, is the claim.
		assertThat(this.server.observer.accepted()).isOne();
	}

	private static List<String> causes(Throwable error) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

	private static final class Reply implements StreamObserver<String> {

		final CompletableFuture<List<String>> messages = new CompletableFuture<>();

		private final List<String> received = new ArrayList<>();

		@Override
		public void onNext(String message) {
			this.received.add(message);
		}

		@Override
		public void onError(Throwable error) {
			this.messages.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			this.messages.complete(this.received);
		}

	}

	private static final class ChatReplies implements StreamObserver<String> {

		final CompletableFuture<Boolean> completed = new CompletableFuture<>();

		private final java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();

		String next() throws InterruptedException {
			String reply = this.replies.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(reply).as("a reply within %s", WAIT).isNotNull();
			return reply;
		}

		@Override
		public void onNext(String message) {
			this.replies.add(message);
		}

		@Override
		public void onError(Throwable error) {
			this.completed.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			this.completed.complete(true);
		}

	}

}
