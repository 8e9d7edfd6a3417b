package dev.namedpipe.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our channel calling a gRPC server no one here wrote: {@code @grpc/grpc-js} bound to a
 * {@code unix:} address, a Unix socket or on Windows a pipe ({@code \\.\pipe\<name>}, which
 * Node's {@code net} listens on as a pipe server). The channel waits for the socket to appear, checks that its server is the current
 * user, and sends {@code :authority} {@code localhost} (not the socket path, which servers
 * other than grpc-java's own refuse: grpc-java #12664).
 */
class GrpcJsServerTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private Path directory;

	private ExternalProgram node;

	private ManagedChannel channel;

	@BeforeEach
	void startNode() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(TestPlatform.isWindows() ? PipeNames.uniqueIn(this.directory)
				: this.directory.resolve("grpc-js.sock").toString());
		Path script = ExternalProgram.copyResource(getClass(), "grpc-js-server.js", this.directory);
		ExternalProgram.copyResource(getClass(), "text-methods.js", this.directory);
		this.node = ExternalProgram.start(this.directory, "node", script.toString(),
				GrpcJsClientTests.GrpcJs.install().toString(), "unix:" + endPoint.address());
		// Wine records no owner for a pipe (docs/windows.md): the server-owner check is off there only.
		this.channel = NamedPipeGrpcChannels
			.forPipe(endPoint,
					NamedPipeTransportOptions.builder().verifyServerOwner(TestPlatform.wineVersion().isEmpty()).build(),
					WAIT)
			.build();
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow();
		assertThat(this.channel.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.node.close();
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void callsUnaryAndServerStreamingMethodsOfGrpcJs() {
		CallOptions options = CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(ClientCalls.blockingUnaryCall(this.channel, TextService.ECHO, options, "hello"))
			.as("%s", this.node)
			.isEqualTo("node:hello localhost");
		List<String> counted = new ArrayList<>();
		ClientCalls.blockingServerStreamingCall(this.channel, TextService.COUNT, options, "3").forEachRemaining(counted::add);
		assertThat(counted).containsExactly("1", "2", "3");
	}

}
