package dev.namedpipe;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.windows.Win32Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Windows backend against the real Win32 API: the Unix transport tests, plus what only
 * Windows enforces (first-instance protection, DACLs, local-only names). Runs with
 * {@code ./mvnw verify} on Windows; skipped elsewhere.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsNamedPipeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String name = "namedpipe-test-" + UUID.randomUUID();

	private NamedPipeConnectionListener bind(NamedPipeTransportOptions options) throws IOException {
		return NamedPipeTransport.bind(NamedPipeEndPoint.of(this.name), options, NamedPipeTransportObserver.NONE);
	}

	private NamedPipeConnectionListener bind() throws IOException {
		return bind(NamedPipeTransportOptions.defaults());
	}

	private NamedPipeConnection connect() throws IOException {
		return NamedPipeClient.connect(this.name, WAIT);
	}

	@Test
	void acceptsAndEchoesAndKnowsBothProcesses() throws Exception {
		try (NamedPipeConnectionListener listener = bind(); NamedPipeConnection client = connect();
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

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 16 })
	void tenClientsTimes250ConnectionsAreAllAccepted(int queueCount) throws Exception {
		try (NamedPipeConnectionListener listener = bind(
				NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build())) {
			assertThat(ManyClients.run(listener, this::connect, 10, 250, WAIT)).isEqualTo(10 * 250);
		}
	}

	@Test
	void secondBindToTheSameNameIsAlreadyInUse() throws Exception {
		try (NamedPipeConnectionListener first = bind()) {
			assertThatExceptionOfType(NamedPipeInUseException.class).isThrownBy(this::bind)
				.withMessageStartingWith("Named pipe '" + this.name + "' is already in use");
			assertThat(first.isListening()).isTrue();
		}
	}

	@Test
	void rebindAfterCloseWorks() throws Exception {
		bind().close();
		try (NamedPipeConnectionListener again = bind(); NamedPipeConnection client = connect()) {
			assertThat(again.accept(WAIT)).isPresent();
		}
	}

	@Test
	void closeEndsAPendingAcceptPromptly() throws Exception {
		NamedPipeConnectionListener listener = bind();
		CompletableFuture<NamedPipeConnection> pending = listener.acceptAsync();
		listener.close();
		assertThat(pending.get(5, TimeUnit.SECONDS)).isNull();
		await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
			.noneMatch((thread) -> thread.getName().equals("namedpipe-iocp")));
	}

	@Test
	void endOfStreamInBothDirections() throws Exception {
		try (NamedPipeConnectionListener listener = bind()) {
			NamedPipeConnection client = connect();
			NamedPipeConnection server = listener.accept(WAIT).orElseThrow();
			client.close();
			assertThat(server.inputStream().read()).isEqualTo(-1);
			server.close();
			NamedPipeConnection secondClient = connect();
			NamedPipeConnection secondServer = listener.accept(WAIT).orElseThrow();
			secondServer.close();
			assertThat(secondClient.inputStream().read()).isEqualTo(-1);
			secondClient.close();
		}
	}

	@Test
	void noDataLostWhenClosingRightAfterWriting10MiB() throws Exception {
		byte[] data = new byte[10 * 1024 * 1024];
		new Random(10).nextBytes(data);
		try (NamedPipeConnectionListener listener = bind(); NamedPipeConnection client = connect()) {
			NamedPipeConnection server = listener.accept(WAIT).orElseThrow();
			CompletableFuture<byte[]> received = Background.call(client.inputStream()::readAllBytes);
			server.outputStream().write(data);
			server.close();
			assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(data);
		}
	}

	@Test
	void restrictiveDescriptorDeniesAClient() throws Exception {
		NamedPipeTransportOptions systemOnly = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GA;;;SY)")
			.listenerQueueCount(1)
			.build();
		try (NamedPipeConnectionListener listener = bind(systemOnly)) {
			assertThatExceptionOfType(Win32Exception.class).isThrownBy(this::connect)
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(5));
		}
	}

	@Test
	void currentUserOnlyPipeIsOwnedByTheTokenOwnerAsDotNetClientsCheck() throws Exception {
		try (NamedPipeConnectionListener listener = bind()) {
			WinNT.HANDLE client = Kernel32.INSTANCE.CreateFile("\\\\.\\pipe\\" + this.name,
					WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
			assertThat(client).as("CreateFileW, last error %d", Native.getLastError())
				.isNotEqualTo(WinBase.INVALID_HANDLE_VALUE);
			try {
				assertThat(ownerOfPipe(client)).isEqualTo(ownerOfProcessToken());
				try (NamedPipeConnection server = listener.accept(WAIT).orElseThrow()) {
					assertThat(server.peer().pid()).hasValue(ProcessHandle.current().pid());
				}
			}
			finally {
				Kernel32.INSTANCE.CloseHandle(client);
			}
		}
	}

	// What a .NET client with PipeOptions.CurrentUserOnly compares with its token owner.
	private static String ownerOfPipe(WinNT.HANDLE client) {
		PointerByReference owner = new PointerByReference();
		PointerByReference descriptor = new PointerByReference();
		assertThat(Advapi32.INSTANCE.GetSecurityInfo(client, AccCtrl.SE_OBJECT_TYPE.SE_KERNEL_OBJECT,
				WinNT.OWNER_SECURITY_INFORMATION, owner, null, null, null, descriptor))
			.as("GetSecurityInfo")
			.isZero();
		try {
			return Advapi32Util.convertSidToStringSid(new WinNT.PSID(owner.getValue()));
		}
		finally {
			Kernel32.INSTANCE.LocalFree(descriptor.getValue());
		}
	}

	private static String ownerOfProcessToken() {
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		assertThat(Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token))
			.isTrue();
		try {
			IntByReference length = new IntByReference();
			Advapi32.INSTANCE.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenOwner, null, 0,
					length);
			WinNT.TOKEN_OWNER owner = new WinNT.TOKEN_OWNER(length.getValue());
			assertThat(Advapi32.INSTANCE.GetTokenInformation(token.getValue(),
					WinNT.TOKEN_INFORMATION_CLASS.TokenOwner, owner, length.getValue(), length))
				.as("GetTokenInformation(TokenOwner)")
				.isTrue();
			return Advapi32Util.convertSidToStringSid(owner.Owner);
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
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
