package dev.namedpipe;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

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

import dev.namedpipe.testsupport.WineGap;
import dev.namedpipe.windows.Win32Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
				NamedPipeConnection server = listener.accept(WAIT)) {
			client.outputStream().write("ping".getBytes());
			client.outputStream().flush();
			byte[] received = server.inputStream().readNBytes(4);
			server.outputStream().write(received);
			server.outputStream().flush();
			assertThat(client.inputStream().readNBytes(4)).isEqualTo("ping".getBytes());
			assertThat(server.peer().pid()).hasValue(ProcessHandle.current().pid());
			// Windows tells the client's user once the server has read from the pipe (Wine at once):
			// the SID at accept, the name (LookupAccountSid) when first asked for.
			Advapi32Util.Account user = userOfProcessToken();
			if (server.peer().sid() != null) {
				assertThat(server.peer().sid()).isEqualTo(user.sidString);
				assertThat(server.peer().user()).isEqualTo(user.fqn);
			}
			else {
				assertThat(server.peer().user()).isNull();
			}
			assertThat(client.peer().pid()).hasValue(ProcessHandle.current().pid());
		}
	}

	@Test
	void instanceBufferSizesAreWhatWindowsReportsForThePipe() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.listenerQueueCount(1)
			.instanceInBufferSize(4096)
			.instanceCustomizer((endPoint, settings) -> settings.withOutBufferSize(8192))
			.build();
		try (NamedPipeConnectionListener listener = bind(options)) {
			WinNT.HANDLE client = Kernel32.INSTANCE.CreateFile("\\\\.\\pipe\\" + this.name,
					WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
			assertThat(client).as("CreateFileW, last error %d", Native.getLastError())
				.isNotEqualTo(WinBase.INVALID_HANDLE_VALUE);
			try {
				// GetNamedPipeInfo on the client end reports the server end's buffer sizes.
				IntByReference out = new IntByReference();
				IntByReference in = new IntByReference();
				assertThat(Kernel32.INSTANCE.GetNamedPipeInfo(client, new IntByReference(), out, in, new IntByReference()))
					.as("GetNamedPipeInfo, last error %d", Native.getLastError())
					.isTrue();
				assertThat(out.getValue()).isEqualTo(8192);
				assertThat(in.getValue()).isEqualTo(4096);
				try (NamedPipeConnection server = listener.accept(WAIT)) {
					assertThat(server.isOpen()).isTrue();
				}
			}
			finally {
				Kernel32.INSTANCE.CloseHandle(client);
			}
		}
	}

	// Windows impersonates a client once the server has read from the pipe; the thread then has
	// the client's token (here this process's user) until RevertToSelf, also after a failure.
	@Test
	void runAsClientRunsWithTheClientsTokenAndRevertsAlsoWhenTheActionThrows() throws Exception {
		try (NamedPipeConnectionListener listener = bind(NamedPipeTransportOptions.defaults());
				NamedPipeConnection client = connect();
				NamedPipeConnection server = listener.accept(WAIT)) {
			client.outputStream().write('x');
			client.outputStream().flush();
			assertThat(server.inputStream().read()).isEqualTo('x');
			assertThat(threadTokenUser()).as("before").isNull();
			assertThat(server.runAsClient(WindowsNamedPipeIntegrationTests::threadTokenUser))
				.isEqualTo(userOfProcessToken().sidString);
			assertThat(threadTokenUser()).as("after").isNull();
			assertThatIllegalStateException().isThrownBy(() -> server.runAsClient(() -> {
				throw new IllegalStateException("failed as " + threadTokenUser());
			})).withMessage("failed as " + userOfProcessToken().sidString);
			assertThat(threadTokenUser()).as("after a failure").isNull();
		}
	}

	// The user of the calling thread's impersonation token, or null when it has none.
	private static String threadTokenUser() {
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		if (!Advapi32.INSTANCE.OpenThreadToken(Kernel32.INSTANCE.GetCurrentThread(), WinNT.TOKEN_QUERY, true, token)) {
			assertThat(Native.getLastError()).as("OpenThreadToken's error").isEqualTo(1008); // ERROR_NO_TOKEN
			return null;
		}
		try {
			return Advapi32Util.getTokenAccount(token.getValue()).sidString;
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
		}
	}

	private static Advapi32Util.Account userOfProcessToken() {
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		assertThat(Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token))
			.isTrue();
		try {
			return Advapi32Util.getTokenAccount(token.getValue());
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
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
	void currentUserOnlyPipeIsOwnedByTheTokenOwnerAsDotNetClientsCheck() throws Exception {
		try (NamedPipeConnectionListener listener = bind(NamedPipeTransportOptions.defaults())) {
			WinNT.HANDLE client = Kernel32.INSTANCE.CreateFile("\\\\.\\pipe\\" + this.name,
					WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
			assertThat(client).as("CreateFileW, last error %d", Native.getLastError())
				.isNotEqualTo(WinBase.INVALID_HANDLE_VALUE);
			try {
				assertThat(ownerOfPipe(client)).isEqualTo(ownerOfProcessToken());
				try (NamedPipeConnection server = listener.accept(WAIT)) {
					assertThat(server.peer().pid()).hasValue(ProcessHandle.current().pid());
				}
			}
			finally {
				Kernel32.INSTANCE.CloseHandle(client);
			}
		}
	}

	@Test
	void clientComparesThePipeOwnerWithItsTokenOwnerAndRefusesAnotherExpectedOwner() throws Exception {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(this.name);
		NamedPipeTransportOptions expectSystem = NamedPipeTransportOptions.builder().serverOwner("S-1-5-18").build();
		NamedPipeTransportOptions expectOwn = NamedPipeTransportOptions.builder()
			.serverOwner(ownerOfProcessToken())
			.build();
		try (NamedPipeConnectionListener listener = bind(NamedPipeTransportOptions.defaults())) {
			try (NamedPipeConnection client = connect(); NamedPipeConnection server = listener.accept(WAIT)) {
				assertThat(client.isOpen()).isTrue();
			}
			assertThatExceptionOfType(NamedPipeServerOwnerException.class)
				.isThrownBy(() -> NamedPipeClient.connect(endPoint, expectSystem, WAIT))
				.satisfies((ex) -> {
					assertThat(ex.getExpectedOwner()).isEqualTo("S-1-5-18");
					assertThat(ex.getActualOwner()).startsWith(ownerOfProcessToken());
				});
			try (NamedPipeConnection client = NamedPipeClient.connect(endPoint, expectOwn, WAIT)) {
				client.outputStream().write("ping".getBytes());
				client.outputStream().flush();
				assertThat(firstBytesReceived(listener)).isEqualTo("ping".getBytes());
			}
		}
	}

	// The refused client may be accepted before the next one: it sent nothing.
	private static byte[] firstBytesReceived(NamedPipeConnectionListener listener) throws Exception {
		for (int i = 0; i < 2; i++) {
			try (NamedPipeConnection server = listener.accept(WAIT)) {
				byte[] received = server.inputStream().readNBytes(4);
				if (received.length > 0) {
					return received;
				}
			}
		}
		throw new AssertionError("No connection received a byte");
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
