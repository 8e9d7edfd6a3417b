package dev.namedpipe.windows;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WindowsPipeClient}: how it opens the pipe and waits for a free instance, against
 * the scripted Win32 fake.
 */
class WindowsPipeClientTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	final FakeWindows windows = new FakeWindows();

	private final ScriptedWin32Pipes pipes = this.windows.pipes;

	private final NamedPipeEndPoint endPoint = this.windows.endPoint;


	@Test
	void opensForReadAndWriteOverlappedAndForIdentificationOnly() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT)) {
			assertThat(this.pipes.calls())
				.contains("CreateFileW " + this.endPoint.address() + " access=0xc0000000 flags=0x40110000");
		}
	}

	@Test
	void busyPipeIsWaitedForUntilTheServerAcceptsAndMakesANewInstance() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection first = this.windows.connect(WAIT)) {
			CompletableFuture<NamedPipeConnection> second = Background.call(() -> this.windows.connect(WAIT));
			await().atMost(WAIT).until(() -> this.windows.calls("WaitNamedPipeW") > 0);
			try (AbstractNamedPipeConnection accepted = server.accept(0);
					NamedPipeConnection connected = second.get(30, TimeUnit.SECONDS);
					AbstractNamedPipeConnection acceptedSecond = server.accept(0)) {
				assertThat(connected.isOpen()).isTrue();
			}
		}
	}

	@Test
	void busyPipeUntilTheTimeoutIsAConnectException() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection first = this.windows.connect(WAIT)) {
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> this.windows.connect(Duration.ofMillis(100)))
				.withMessageContaining(this.endPoint.address())
				.withCauseInstanceOf(Win32Exception.class);
			try (AbstractNamedPipeConnection accepted = server.accept(0)) {
				assertThat(accepted.isOpen()).isTrue();
			}
		}
	}

	@Test
	void missingPipeIsRetriedUntilAServerBinds() throws Exception {
		CompletableFuture<NamedPipeConnection> client = Background.call(() -> this.windows.connect(WAIT));
		await().atMost(WAIT).until(() -> this.windows.calls("CreateFileW") > 0);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection connected = client.get(30, TimeUnit.SECONDS);
				AbstractNamedPipeConnection accepted = server.accept(0)) {
			assertThat(connected.peer().pid()).hasValue(4242);
		}
	}

	@Test
	void missingPipeUntilTheTimeoutIsAConnectException() {
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> this.windows.connect(Duration.ofMillis(20)))
			.havingCause()
			.isInstanceOf(Win32Exception.class)
			.withMessageContaining("ERROR_FILE_NOT_FOUND");
	}

}
