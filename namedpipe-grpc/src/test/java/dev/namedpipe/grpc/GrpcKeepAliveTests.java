package dev.namedpipe.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import com.google.common.util.concurrent.ListenableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * grpc-java's keep-alive on a channel over the pipe client, on both platforms (Win32 pipes
 * under Wine): a server that hangs with its connection open (a relay between client and
 * server that stops forwarding) is found out by the client's PINGs, and the call that waited
 * on it ends {@code UNAVAILABLE} instead of waiting for ever.
 */
class GrpcKeepAliveTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	// OkHttp's shortest keep-alive time.
	private static final Duration KEEP_ALIVE_TIME = Duration.ofSeconds(10);

	private static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(1);

	private Path directory;

	private GrpcPipeServer server;

	private FreezableRelay relay;

	private ManagedChannel channel;

	@BeforeEach
	void setUp() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		this.server = new GrpcPipeServer(NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory)),
				NamedPipeTransportOptions.defaults()).start();
		this.relay = FreezableRelay.start(NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory)), this.server.endPoint(),
				clientOptions());
	}

	@AfterEach
	void tearDown() throws Exception {
		if (this.channel != null) {
			this.channel.shutdownNow();
			assertThat(this.channel.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		this.relay.close();
		this.server.close();
		PipeNames.deleteDirectory(this.directory);
	}

	// Wine records no owner for a pipe (docs/windows.md): the server-owner check is off there only.
	private static NamedPipeTransportOptions clientOptions() {
		return NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build();
	}

	@Test
	void aServerThatHangsIsFoundOutByKeepAlivePingsAndTheCallEndsUnavailable() throws Exception {
		this.channel = NamedPipeGrpcChannels.forPipe(this.relay.front(), clientOptions(), WAIT)
			.keepAliveTime(KEEP_ALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
			.keepAliveTimeout(KEEP_ALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.build();
		assertThat(ClientCalls.blockingUnaryCall(this.channel, TextService.ECHO, CallOptions.DEFAULT.withWaitForReady(),
				"before")).isEqualTo("echo:before");

		this.relay.freeze();
		ListenableFuture<String> waiting = ClientCalls.futureUnaryCall(this.channel.newCall(TextService.ECHO,
				CallOptions.DEFAULT), "into the void");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.satisfies((ex) -> {
				Status status = Status.fromThrowable(ex.getCause());
				assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(status.getDescription()).containsIgnoringCase("keepalive");
			});
		assertThat(this.relay.pingsFromClients()).as("PINGs the client sent over the pipe").isPositive();
	}

}
