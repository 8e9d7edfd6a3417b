package dev.namedpipe;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.namedpipe.testsupport.WineGap;
import dev.namedpipe.windows.Win32Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What only the Windows backend has, against the real Win32 API: both processes' ids,
 * DACLs, local-only names. The semantics both platforms share (accept, end of stream, no
 * data loss, first instance, close) are in the platform-neutral tests, which run here too.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsNamedPipeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String name = "namedpipe-test-" + UUID.randomUUID();

	private NamedPipeConnectionListener bind(NamedPipeTransportOptions options) throws IOException {
		return NamedPipeTransport.bind(NamedPipeEndPoint.of(this.name), options, NamedPipeTransportObserver.NONE);
	}

	private NamedPipeConnection connect() throws IOException {
		return NamedPipeClient.connect(this.name, WAIT);
	}

	@Test
	void acceptsAndEchoesAndKnowsBothProcesses() throws Exception {
		try (NamedPipeConnectionListener listener = bind(NamedPipeTransportOptions.defaults());
				NamedPipeConnection client = connect();
				NamedPipeConnection server = listener.accept(WAIT).orElseThrow()) {
			client.outputStream().write("ping".getBytes());
			client.outputStream().flush();
			byte[] received = server.inputStream().readNBytes(4);
			server.outputStream().write(received);
			server.outputStream().flush();
			assertThat(client.inputStream().readNBytes(4)).isEqualTo("ping".getBytes());
			assertThat(server.peer().pid()).hasValue(ProcessHandle.current().pid());
			assertThat(client.peer().pid()).hasValue(ProcessHandle.current().pid());
		}
	}

	@Test
	@WineGap("DACLs are not enforced: a client the descriptor does not allow still connects")
	void restrictiveDescriptorDeniesAClient() throws Exception {
		NamedPipeTransportOptions systemOnly = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GA;;;SY)")
			.listenerQueueCount(1)
			.build();
		try (NamedPipeConnectionListener listener = bind(systemOnly)) {
			// a connect that wrongly succeeds is closed at once, so that it fails this test only
			assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> connect().close())
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(5));
		}
	}

	@Test
	void remoteStyleNamesAreRefused() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("\\\\otherhost\\pipe\\" + this.name));
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeClient.connect("\\\\.\\pipe\\" + this.name, WAIT));
	}

}
