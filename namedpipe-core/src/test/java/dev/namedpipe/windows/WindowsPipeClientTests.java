package dev.namedpipe.windows;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeClient;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeServerOwnerException;
import dev.namedpipe.NamedPipeTransportOptions;
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
	void serverOwnerIsReadFromTheClientHandleAndComparedWithTheTokenOwner() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection accepted = server.accept(0)) {
			long handle = clientHandle();
			assertThat(this.pipes.calls()).containsSubsequence(
					"CreateFileW " + this.endPoint.address() + " access=0xc0000000 flags=0x40110000",
					"GetSecurityInfo " + handle + " SE_KERNEL_OBJECT OWNER_SECURITY_INFORMATION",
					"GetTokenInformation TokenOwner");
			assertThat(client.isOpen()).isTrue();
		}
	}

	@Test
	void pipeOfAnotherOwnerIsRefusedNamingBothOwnersAndItsHandleIsClosed() throws Exception {
		this.pipes.squat(this.endPoint.address());
		assertThatExceptionOfType(NamedPipeServerOwnerException.class).isThrownBy(() -> this.windows.connect(WAIT))
			.withMessage("Named pipe '" + this.endPoint.name() + "' was refused because its server is owned by "
					+ ScriptedWin32Pipes.OTHER_SID + " (TEST\\other), not by the expected owner "
					+ ScriptedWin32Pipes.PROCESS_SID + " (TEST\\server); nothing was sent.")
			.satisfies((ex) -> {
				assertThat(ex.getPipeName()).isEqualTo(this.endPoint.name());
				assertThat(ex.getExpectedOwner()).isEqualTo(ScriptedWin32Pipes.PROCESS_SID + " (TEST\\server)");
				assertThat(ex.getActualOwner()).isEqualTo(ScriptedWin32Pipes.OTHER_SID + " (TEST\\other)");
			});
		long handle = clientHandle();
		assertThat(this.pipes.calls()).containsSubsequence("GetSecurityInfo " + handle
				+ " SE_KERNEL_OBJECT OWNER_SECURITY_INFORMATION", "GetTokenInformation TokenOwner", "CloseHandle " + handle);
		assertThat(this.pipes.callCount("CreateIoCompletionPort")).isZero();
		assertThat(this.pipes.callCount("WriteFile")).isZero();
	}

	@Test
	void anExpectedOwnerSidIsComparedInsteadOfTheTokenOwner() throws Exception {
		this.pipes.squat(this.endPoint.address());
		NamedPipeTransportOptions expectOther = NamedPipeTransportOptions.builder()
			.serverOwner(ScriptedWin32Pipes.OTHER_SID)
			.build();
		try (NamedPipeConnection client = this.windows.connect(expectOther, WAIT)) {
			assertThat(client.isOpen()).isTrue();
		}
		assertThat(this.pipes.callCount("GetTokenInformation TokenOwner")).isZero();
	}

	@Test
	void ourOwnServerIsRefusedWhenLocalSystemIsExpected() throws Exception {
		NamedPipeTransportOptions expectSystem = NamedPipeTransportOptions.builder().serverOwner("S-1-5-18").build();
		try (WindowsPipeServer server = this.windows.bind(1)) {
			assertThatExceptionOfType(NamedPipeServerOwnerException.class)
				.isThrownBy(() -> this.windows.connect(expectSystem, WAIT))
				.satisfies((ex) -> {
					assertThat(ex.getExpectedOwner()).isEqualTo("S-1-5-18");
					assertThat(ex.getActualOwner()).isEqualTo(ScriptedWin32Pipes.PROCESS_SID + " (TEST\\server)");
				});
		}
	}

	@Test
	void anOwnerThatIsNotASidIsRefusedBeforeThePipeIsOpened() {
		NamedPipeTransportOptions byName = NamedPipeTransportOptions.builder().serverOwner("SYSTEM").build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeClient.connect(this.endPoint, byName, WAIT))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("server-owner"));
		assertThat(this.pipes.callCount("CreateFileW")).isZero();
	}

	@Test
	void withoutTheCheckAPipeOfAnotherOwnerIsUsedAndItsOwnerNeverRead() throws Exception {
		this.pipes.squat(this.endPoint.address());
		NamedPipeTransportOptions unchecked = NamedPipeTransportOptions.builder().verifyServerOwner(false).build();
		try (NamedPipeConnection client = this.windows.connect(unchecked, WAIT)) {
			assertThat(client.isOpen()).isTrue();
		}
		assertThat(this.pipes.callCount("GetSecurityInfo")).isZero();
	}

	@Test
	void anOwnerThatCannotBeReadFailsNamingTheCallAndClosesTheHandle() {
		this.pipes.squat(this.endPoint.address());
		this.pipes.handleOwnerFails(Win32.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> this.windows.connect(WAIT))
			.withMessageContaining("GetSecurityInfo")
			.withMessageContaining("ERROR_ACCESS_DENIED");
		assertThat(this.pipes.calls()).last().isEqualTo("CloseHandle " + clientHandle());
	}

	@Test
	void aPipeWhoseDescriptorNamesNoOwnerIsRefusedSayingSo() {
		this.pipes.squat(this.endPoint.address());
		this.pipes.recordsNoOwner();
		assertThatExceptionOfType(NamedPipeServerOwnerException.class).isThrownBy(() -> this.windows.connect(WAIT))
			.satisfies((ex) -> assertThat(ex.getActualOwner()).startsWith("no one"))
			.withMessageContaining("names no owner");
		assertThat(this.pipes.calls()).last().isEqualTo("CloseHandle " + clientHandle());
		assertThat(this.pipes.callCount("WriteFile")).isZero();
	}

	// The handle of the client CreateFileW opened last.
	private long clientHandle() {
		return this.pipes.calls()
			.stream()
			.filter((call) -> call.startsWith("GetSecurityInfo "))
			.map((call) -> Long.parseLong(call.split(" ")[1]))
			.reduce((first, second) -> second)
			.orElseThrow();
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
