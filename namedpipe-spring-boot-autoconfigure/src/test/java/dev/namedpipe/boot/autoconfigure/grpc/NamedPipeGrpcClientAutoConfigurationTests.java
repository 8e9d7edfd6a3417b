package dev.namedpipe.boot.autoconfigure.grpc;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.namedpipe.NamedPipeConnectionListener;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.grpc.NamedPipeGrpcChannelFactory;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.TestPlatform;

import static dev.namedpipe.testsupport.Failures.causeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The pipe client's settings of Spring gRPC channels, {@code namedpipe.grpc.client.channels.<name>}:
 * a server of another owner refused before a byte is sent, the connect timeout, and bad settings
 * and addresses failing the start, naming the property and the value. Runs on both platforms.
 */
class NamedPipeGrpcClientAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class,
					NamedPipeGrpcClientAutoConfiguration.class));

	private Path directory;

	private NamedPipeEndPoint endPoint;

	@BeforeEach
	void pipe() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void serverOfAnotherOwnerIsRefusedNamingBothOwners() throws Exception {
		String other = TestPlatform.isWindows() ? "S-1-5-18" : "nobody";
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind(this.endPoint,
				NamedPipeTransportOptions.defaults(), NamedPipeTransportObserver.NONE)) {
			this.runner
				.withPropertyValues("spring.grpc.client.channels.api.address=namedpipe:" + this.endPoint.name(),
						"namedpipe.grpc.client.channels.api.server-owner=" + other)
				.run((context) -> assertThat(ownerFailure(callFails(context.getBean(NamedPipeGrpcChannelFactory.class)
					.createChannel("api")))).hasMessageContaining(this.endPoint.name()).hasMessageContaining(other));
		}
	}

	@Test
	void connectionsWaitForTheServerAsLongAsTheConnectTimeout() {
		this.runner
			.withPropertyValues("spring.grpc.client.channels.api.address=namedpipe:" + this.endPoint.name(),
					"namedpipe.grpc.client.channels.api.connect-timeout=200ms")
			.run((context) -> assertThat(
					causeOf(callFails(context.getBean(NamedPipeGrpcChannelFactory.class).createChannel("api")),
							ConnectException.class))
				.hasMessageContaining(this.endPoint.address())
				.hasMessageContaining("PT0.2S"));
	}

	@Test
	void serverOwnerWithoutTheCheckFailsTheStartNamingTheProperty() {
		assertStartFails("'namedpipe.grpc.client.channels.api.server-owner'", "'nobody'",
				"spring.grpc.client.channels.api.address=namedpipe:my-app",
				"namedpipe.grpc.client.channels.api.verify-server-owner=false",
				"namedpipe.grpc.client.channels.api.server-owner=nobody");
	}

	@Test
	void connectTimeoutOfZeroFailsTheStart() {
		assertStartFails("'namedpipe.grpc.client.channels.api.connect-timeout'", "'PT0S'",
				"spring.grpc.client.channels.api.address=namedpipe:my-app",
				"namedpipe.grpc.client.channels.api.connect-timeout=0s");
	}

	@Test
	void settingsOfAChannelThatIsNoneOrNotAPipeFailTheStart() {
		assertStartFails("'namedpipe.grpc.client.channels.ghost'", "no Spring gRPC channel whose address is namedpipe:",
				"namedpipe.grpc.client.channels.ghost.connect-timeout=1s");
		assertStartFails("'namedpipe.grpc.client.channels.tcp'", "no Spring gRPC channel whose address is namedpipe:",
				"spring.grpc.client.channels.tcp.address=static://localhost:9090",
				"namedpipe.grpc.client.channels.tcp.connect-timeout=1s");
	}

	@Test
	void pipeAddressOnAnotherHostFailsTheStartNamingTheChannelsAddress() {
		assertStartFails("'spring.grpc.client.channels.api.address'", "'namedpipe:npipe://server/pipe/my-app'",
				"spring.grpc.client.channels.api.address=namedpipe:npipe://server/pipe/my-app");
	}

	@Test
	void twoChannelsOfOneAddressWithSettingsEachFailTheStart() {
		assertStartFails("'namedpipe.grpc.client.channels.", "has the same address",
				"spring.grpc.client.channels.a.address=namedpipe:my-app",
				"spring.grpc.client.channels.b.address=namedpipe:my-app",
				"namedpipe.grpc.client.channels.a.connect-timeout=1s",
				"namedpipe.grpc.client.channels.b.connect-timeout=2s");
	}

	private void assertStartFails(String property, String detail, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOf(context.getStartupFailure(), InvalidNamedPipePropertyException.class))
				.hasMessageContaining(property)
				.hasMessageContaining(detail);
		});
	}

	private static StatusRuntimeException callFails(ManagedChannel channel) throws InterruptedException {
		try {
			StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
					.check(HealthCheckRequest.getDefaultInstance()));
			assertThat(failure).isNotNull();
			assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			return failure;
		}
		finally {
			channel.shutdownNow().awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	private static NamedPipeServerOwnerException ownerFailure(Throwable failure) {
		return causeOf(failure, NamedPipeServerOwnerException.class);
	}

}
