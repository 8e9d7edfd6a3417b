package dev.namedpipe.windows;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeInUseException;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.RejectionReason;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.internal.ClientVanishedException;
import dev.namedpipe.internal.PeerRejectedException;
import dev.namedpipe.testsupport.Background;
import dev.namedpipe.windows.ScriptedWin32Pipes.ServerEnd;
import dev.namedpipe.windows.ScriptedWin32Pipes.Token;

import static dev.namedpipe.windows.ScriptedWin32Pipes.ADMINISTRATORS_SID;
import static dev.namedpipe.windows.ScriptedWin32Pipes.OTHER_SID;
import static dev.namedpipe.windows.ScriptedWin32Pipes.PROCESS_SID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WindowsPipeServer}'s accept and close state machine against the scripted Win32
 * fake.
 */
class WindowsPipeServerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	final FakeWindows windows = new FakeWindows();

	private final ScriptedWin32Pipes pipes = this.windows.pipes;

	private final NamedPipeEndPoint endPoint = this.windows.endPoint;

	private List<String> instanceCreations() {
		return this.pipes.calls().stream().filter((call) -> call.startsWith("CreateNamedPipeW")).toList();
	}

	@Test
	void bindCreatesOneInstancePerQueueOnlyTheFirstClaimingTheName() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(3)) {
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(3);
			List<ServerEnd> instances = this.pipes.instancesOf(this.endPoint.address());
			assertThat(instances.get(0).openMode).isEqualTo(0x40080003);
			assertThat(instances.get(1).openMode).isEqualTo(0x40000003);
			assertThat(instances.get(2).openMode).isEqualTo(0x40000003);
			assertThat(instances).allMatch((instance) -> instance.pipeMode == 0x8);
			assertThat(this.pipes.calls()).contains("ConvertStringSecurityDescriptorToSecurityDescriptorW O:"
					+ PROCESS_SID + "D:P(A;;0x1f019f;;;" + PROCESS_SID + ")");
			assertThat(this.pipes.ownerOf(this.endPoint.address())).isEqualTo(PROCESS_SID);
		}
		assertThat(this.pipes.instancesOf(this.endPoint.address())).isEmpty();
		assertThat(this.windows.calls("LocalFree")).isEqualTo(1);
	}

	@Test
	void allowingRemoteClientsLeavesOutRejectRemote() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.listenerQueueCount(1)
			.rejectRemoteClients(false)
			.build();
		try (WindowsPipeServer server = WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime)) {
			assertThat(this.pipes.instancesOf(this.endPoint.address()).get(0).pipeMode).isZero();
		}
	}

	@Test
	void instanceBufferSizesAndTheCustomizersSettingsReachEveryCreateNamedPipe() throws Exception {
		List<Boolean> seen = new CopyOnWriteArrayList<>();
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.listenerQueueCount(2)
			.instanceInBufferSize(4096)
			.instanceOutBufferSize(8192)
			.instanceCustomizer((endPoint, settings) -> {
				seen.add(endPoint.equals(this.endPoint) && settings.inBufferSize() == 4096
						&& settings.outBufferSize() == 8192 && settings.rejectRemoteClients());
				return settings.withOutBufferSize(16384).withWriteThrough(true).withRejectRemoteClients(false);
			})
			.build();
		try (WindowsPipeServer server = WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime)) {
			assertThat(instanceCreations()).hasSize(2).allMatch((call) -> call.endsWith(" out=16384 in=4096"));
			List<ServerEnd> instances = this.pipes.instancesOf(this.endPoint.address());
			assertThat(instances.get(0).openMode).isEqualTo(0xc0080003);
			assertThat(instances.get(1).openMode).isEqualTo(0xc0000003);
			assertThat(instances).allMatch((instance) -> instance.pipeMode == 0);
			assertThat(seen).containsExactly(true, true);
		}
	}

	@Test
	void defaultInstancesHaveSixtyFourKibibyteBuffers() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1)) {
			assertThat(instanceCreations()).singleElement().asString().endsWith(" out=65536 in=65536");
		}
	}

	@Test
	void customizerThatFailsFailsTheBindNamingThePipeAndLeavesNothingBehind() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.listenerQueueCount(2)
			.instanceCustomizer((endPoint, settings) -> {
				if (!instanceCreations().isEmpty()) {
					throw new IllegalStateException("no second instance");
				}
				return settings;
			})
			.build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime))
			.withMessageContaining("NamedPipeInstanceCustomizer of named pipe '" + this.endPoint.name() + "' failed")
			.withMessageContaining("no second instance");
		assertThat(this.pipes.instancesOf(this.endPoint.address())).isEmpty();
		assertThat(this.windows.calls("LocalFree")).isEqualTo(1);
	}

	@Test
	void secondBindToAnOwnedNameIsAlreadyInUseAndLeavesNothingBehind() throws Exception {
		try (WindowsPipeServer first = this.windows.bind(2)) {
			assertThatExceptionOfType(NamedPipeInUseException.class).isThrownBy(() -> this.windows.bind(2))
				.withMessageStartingWith("Named pipe '" + this.endPoint.name() + "' is already in use")
				.withCauseInstanceOf(Win32Exception.class);
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(2);
		}
		try (WindowsPipeServer again = this.windows.bind(1)) {
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(1);
		}
	}

	@Test
	void nameSquattedByAnotherProcessIsAlreadyInUse() {
		this.pipes.squat(this.endPoint.address());
		assertThatExceptionOfType(NamedPipeInUseException.class).isThrownBy(() -> this.windows.bind(1));
	}

	@Test
	void pendingConnectCompletesWhenAClientOpensThePipe() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1)) {
			CompletableFuture<AbstractNamedPipeConnection> accepted = Background.call(() -> server.accept(0));
			await().atMost(WAIT).until(() -> this.pipes.calls().stream()
				.anyMatch((call) -> call.startsWith("ConnectNamedPipe") && call.endsWith("ERROR_IO_PENDING")));
			try (NamedPipeConnection client = this.windows.connect(WAIT)) {
				AbstractNamedPipeConnection connection = accepted.get(30, TimeUnit.SECONDS);
				assertThat(connection.peer().pid()).isPresent();
				assertThat(client.peer().pid()).hasValue(4242);
				connection.close();
			}
			assertThat(instanceCreations()).as("the successor is created before the hand-over").hasSize(2);
		}
	}

	@Test
	void clientThatCameBeforeTheConnectIsAcceptedWithPipeConnected() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT)) {
			try (AbstractNamedPipeConnection connection = server.accept(0)) {
				assertThat(this.pipes.calls()).anyMatch((call) -> call.endsWith("ERROR_PIPE_CONNECTED"));
				assertThat(connection.isOpen()).isTrue();
			}
		}
	}

	@Test
	void clientThatLeftBeforeTheConnectIsABrokenPipeAndTheInstanceIsReplaced() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1)) {
			this.windows.foreignClientComesAndGoes();
			assertThatExceptionOfType(ClientVanishedException.class).isThrownBy(() -> server.accept(0))
				.havingCause()
				.isInstanceOfSatisfying(Win32Exception.class,
						(ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_NO_DATA));
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(1)
				.allMatch((instance) -> instance.state == ScriptedWin32Pipes.State.LISTENING);
			try (NamedPipeConnection client = this.windows.connect(WAIT);
					AbstractNamedPipeConnection connection = server.accept(0)) {
				assertThat(connection.isOpen()).isTrue();
			}
		}
	}

	@Test
	void brokenInstanceThatCannotBeReplacedIsDisconnectedAndReused() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1)) {
			this.windows.foreignClientComesAndGoes();
			this.pipes.failNextCreateNamedPipe(1450);
			assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> server.accept(0));
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(1)
				.allMatch((instance) -> instance.state == ScriptedWin32Pipes.State.DISCONNECTED);
			CompletableFuture<AbstractNamedPipeConnection> accepted = Background.call(() -> server.accept(0));
			await().atMost(WAIT).until(() -> this.pipes.pendingOperations() == 1);
			try (NamedPipeConnection client = this.windows.connect(WAIT);
					AbstractNamedPipeConnection connection = accepted.get(30, TimeUnit.SECONDS)) {
				assertThat(connection.isOpen()).isTrue();
			}
		}
	}

	@Test
	void failedSuccessorDropsTheClientButKeepsTheName() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT)) {
			this.pipes.failNextCreateNamedPipe(1450);
			assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> server.accept(0));
			assertThat(this.pipes.instancesOf(this.endPoint.address())).hasSize(1);
			assertThat(client.inputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void closeAbortsPendingAcceptsAndWaitsForTheirCompletions() throws Exception {
		WindowsPipeServer server = this.windows.bind(2);
		CompletableFuture<AbstractNamedPipeConnection> first = Background.call(() -> server.accept(0));
		CompletableFuture<AbstractNamedPipeConnection> second = Background.call(() -> server.accept(1));
		await().atMost(WAIT).until(() -> this.pipes.pendingOperations() == 2);
		server.close();
		for (CompletableFuture<AbstractNamedPipeConnection> accept : List.of(first, second)) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> accept.get(30, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(AsynchronousCloseException.class);
		}
		assertThat(this.windows.calls("CancelIoEx")).isEqualTo(2);
		assertThatExceptionOfType(ClosedChannelException.class).isThrownBy(() -> server.accept(0));
	}

	@Test
	void closeIsIdempotent() throws Exception {
		WindowsPipeServer server = this.windows.bind(1);
		server.close();
		server.close();
		assertThat(this.windows.calls("LocalFree")).isEqualTo(1);
	}

	@Test
	void acceptedConnectionOutlivesTheServer() throws Exception {
		WindowsPipeServer server = this.windows.bind(1);
		try (NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			server.close();
			client.outputStream().write(7);
			client.outputStream().flush();
			assertThat(connection.inputStream().read()).isEqualTo(7);
		}
	}

	@Test
	void impersonationReadsTheClientUserAndItsSidAndAlwaysReverts() throws Exception {
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isEqualTo("TEST\\server");
			assertThat(connection.peer().sid()).isEqualTo(PROCESS_SID);
			assertThat(this.windows.calls("RevertToSelf")).isEqualTo(1);
		}
	}

	// LookupAccountSid may ask a domain controller: the accept reads the SID, the name comes
	// when the application asks for it, once per SID.
	@Test
	void theClientsAccountNameIsLookedUpWhenFirstAskedForAndOncePerSid() throws Exception {
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().sid()).isEqualTo(PROCESS_SID);
			assertThat(this.windows.calls("LookupAccountSid")).as("at accept").isZero();
			assertThat(connection.peer().user()).isEqualTo("TEST\\server");
			assertThat(connection.peer().user()).isEqualTo("TEST\\server");
			try (NamedPipeConnection secondClient = this.windows.connect(WAIT);
					AbstractNamedPipeConnection second = server.accept(0)) {
				assertThat(second.peer().user()).isEqualTo("TEST\\server");
			}
			assertThat(this.windows.calls("LookupAccountSid")).isOne();
		}
	}

	@Test
	void clientThatCannotBeImpersonatedYetHasNoUser() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isNull();
			assertThat(connection.peer().sid()).isNull();
			assertThat(this.windows.calls("RevertToSelf")).as("nothing to revert").isZero();
		}
	}

	@Test
	void clientOfAnotherUserThatGotPastTheDaclIsRejected() throws Exception {
		this.pipes.impersonationFails(null);
		this.pipes.ignoreDacl();
		this.pipes.clientsRunAs(Token.standard(OTHER_SID));
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT)) {
			assertThatExceptionOfType(PeerRejectedException.class).isThrownBy(() -> server.accept(0))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.FOREIGN_USER))
				.withMessageContaining("TEST\\other");
			assertThat(client.inputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void elevatedAdministratorsPipeIsOwnedByAndGrantedToAdministrators() throws Exception {
		this.pipes.processRunsAs(Token.elevated(PROCESS_SID));
		try (WindowsPipeServer server = this.windows.bind(2)) {
			assertThat(this.pipes.calls()).contains("ConvertStringSecurityDescriptorToSecurityDescriptorW O:"
					+ ADMINISTRATORS_SID + "D:P(A;;0x1f019f;;;" + ADMINISTRATORS_SID + ")");
			assertThat(this.pipes.ownerOf(this.endPoint.address()))
				.as("what a .NET CurrentUserOnly client of this elevated user compares with its token owner")
				.isEqualTo(Token.elevated(PROCESS_SID).owner());
			assertThat(this.pipes.instancesOf(this.endPoint.address())).as("further instances through the entry")
				.hasSize(2);
		}
	}

	@Test
	void elevatedClientOfTheSameUserReachesAnElevatedServer() throws Exception {
		this.pipes.processRunsAs(Token.elevated(PROCESS_SID));
		this.pipes.clientsRunAs(Token.elevated(PROCESS_SID));
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isEqualTo("TEST\\server");
			assertThat(connection.peer().pid()).isPresent();
			assertThat(this.windows.calls("CheckTokenMembership " + ADMINISTRATORS_SID)).isOne();
		}
	}

	@Test
	void sameUserNotElevatedIsDeniedByAnElevatedServersDacl() throws Exception {
		this.pipes.processRunsAs(Token.elevated(PROCESS_SID));
		try (WindowsPipeServer server = this.windows.bind(1)) {
			assertThatExceptionOfType(Win32Exception.class)
				.isThrownBy(() -> this.windows.connect(Duration.ofSeconds(5)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_ACCESS_DENIED));
		}
	}

	@Test
	void sameUserNotElevatedThatGotPastAnElevatedServersDaclIsRejected() throws Exception {
		this.pipes.processRunsAs(Token.elevated(PROCESS_SID));
		this.pipes.impersonationFails(null);
		this.pipes.ignoreDacl();
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT)) {
			assertThatExceptionOfType(PeerRejectedException.class).isThrownBy(() -> server.accept(0))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.FOREIGN_USER))
				.withMessageContaining("TEST\\server")
				.withMessageContaining("BUILTIN\\Administrators");
			assertThat(client.inputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void elevatedClientOfAnotherAdministratorIsAcceptedAsTheDaclAdmitsIt() throws Exception {
		this.pipes.processRunsAs(Token.elevated(PROCESS_SID));
		this.pipes.clientsRunAs(Token.elevated(OTHER_SID));
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isEqualTo("TEST\\other");
			assertThat(connection.peer().sid()).isEqualTo(OTHER_SID);
		}
	}

	@Test
	void elevatedClientOfTheUserIsAcceptedByItsServerThatIsNotElevated() throws Exception {
		this.pipes.clientsRunAs(Token.elevated(PROCESS_SID));
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = this.windows.bind(1); NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isEqualTo("TEST\\server");
			assertThat(this.windows.calls("CheckTokenMembership")).as("the owner is the client's user").isZero();
		}
	}

	@Test
	void failedRevertIsFatalForTheAcceptingThread() throws Exception {
		this.pipes.impersonationFails(null);
		this.pipes.revertFails(5);
		WindowsPipeServer server = this.windows.bind(1);
		try (NamedPipeConnection client = this.windows.connect(WAIT)) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> server.accept(0))
				.withMessageContaining("still impersonates");
		}
		server.close();
		assertThat(this.pipes.leaks()).singleElement().asString().contains("impersonating");
		this.pipes.revertFails(null);
		this.pipes.revertToSelf();
	}

	@Test
	void customDescriptorIsUsedAsGivenAndFreed() throws Exception {
		String sddl = "D:P(A;;GA;;;" + PROCESS_SID + ")(A;;0x12019b;;;" + OTHER_SID + ")";
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor(sddl)
			.listenerQueueCount(2)
			.build();
		try (WindowsPipeServer server = WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime)) {
			assertThat(this.pipes.calls()).contains("ConvertStringSecurityDescriptorToSecurityDescriptorW " + sddl);
		}
	}

	@Test
	void anotherUserTheCustomDescriptorAdmitsIsAccepted() throws Exception {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GA;;;" + PROCESS_SID + ")(A;;0x12019b;;;" + OTHER_SID + ")")
			.listenerQueueCount(1)
			.build();
		this.pipes.clientsRunAs(Token.standard(OTHER_SID));
		this.pipes.impersonationFails(null);
		try (WindowsPipeServer server = WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime);
				NamedPipeConnection client = this.windows.connect(WAIT);
				AbstractNamedPipeConnection connection = server.accept(0)) {
			assertThat(connection.peer().user()).isEqualTo("TEST\\other");
			assertThat(this.windows.calls("CheckTokenMembership")).isZero();
		}
	}

	@Test
	void restrictiveDescriptorDeniesAClient() throws Exception {
		try (WindowsPipeServer server = this.windows.bind(1)) {
			this.pipes.clientsRunAs(Token.standard(OTHER_SID));
			assertThatExceptionOfType(Win32Exception.class)
				.isThrownBy(() -> this.windows.connect(Duration.ofSeconds(5)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_ACCESS_DENIED));
		}
	}

	@Test
	void invalidDescriptorIsASettingError() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("not sddl")
			.build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("security-descriptor"));
	}

	@Test
	void descriptorThatForbidsFurtherInstancesIsASettingError() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GR;;;" + PROCESS_SID + ")")
			.listenerQueueCount(2)
			.build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> WindowsPipeServer.bind(this.endPoint, options, this.windows.runtime))
			.withMessageContaining("FILE_CREATE_PIPE_INSTANCE");
	}

}
