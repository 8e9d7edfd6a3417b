package dev.namedpipe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.windows.FakeWindows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The real {@link NamedPipeConnectionListener} driving the Windows server over the scripted
 * Win32 fake: Kestrel's listener behaviour on Windows' state machine, runnable on Linux.
 */
class WindowsListenerOverFakeTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	final FakeWindows windows = new FakeWindows();

	private final NamedPipeEndPoint endPoint = this.windows.endPoint;

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final NamedPipeTransportObserver observer = new NamedPipeTransportObserver() {

		@Override
		public void pipeBroken(NamedPipeEndPoint endPoint, IOException cause) {
			WindowsListenerOverFakeTests.this.events.add("broken " + cause.getMessage());
		}

		@Override
		public void connectionRejected(NamedPipeEndPoint endPoint, RejectionReason reason, String message) {
			WindowsListenerOverFakeTests.this.events.add("rejected " + reason);
		}

		@Override
		public void listenerAborted(NamedPipeEndPoint endPoint, Throwable cause) {
			WindowsListenerOverFakeTests.this.events.add("aborted " + cause);
		}

	};


	private NamedPipeConnectionListener listen(int queueCount) throws IOException {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build();
		NamedPipeConnectionListener listener = new NamedPipeConnectionListener(this.endPoint, options, this.observer,
				this.windows.bind(options));
		listener.start();
		return listener;
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 16 })
	void tenClientsTimes250ConnectionsAreAllAccepted(int queueCount) throws Exception {
		try (NamedPipeConnectionListener listener = listen(queueCount)) {
			long received = ManyClients.run(listener, () -> this.windows.connect(WAIT), 10, 250, WAIT);
			assertThat(received).isEqualTo(10 * 250);
			TestPipes.assertNothingAccepted(listener, () -> this.windows.connect(WAIT));
			assertThat(this.events).isEmpty();
		}
	}

	@Test
	void clientThatLeftBeforeTheAcceptIsABrokenPipeAndTheListenerGoesOn() throws Exception {
		try (NamedPipeConnectionListener listener = listen(1)) {
			await().atMost(WAIT).until(() -> this.windows.calls("ConnectNamedPipe") == 1);
			NamedPipeConnection first = this.windows.connect(WAIT);
			await().atMost(WAIT).until(() -> this.windows.calls("ConnectNamedPipe") == 2);
			NamedPipeConnection second = this.windows.connect(WAIT);
			// The accept loop holds the second connection until the first is taken; the
			// instance it created meanwhile has no ConnectNamedPipe yet.
			await().atMost(WAIT).until(() -> this.windows.calls("CreateNamedPipeW") == 3);
			this.windows.foreignClientComesAndGoes();
			listener.accept(WAIT).close();
			listener.accept(WAIT).close();
			await().atMost(WAIT).until(() -> !this.events.isEmpty());
			assertThat(this.events).singleElement().asString().startsWith("broken ConnectNamedPipe failed: ERROR_NO_DATA");
			try (NamedPipeConnection client = this.windows.connect(WAIT);
					NamedPipeConnection accepted = listener.accept(WAIT)) {
				client.outputStream().write(42);
				client.outputStream().flush();
				assertThat(accepted.inputStream().read()).isEqualTo(42);
			}
			assertThat(listener.isListening()).isTrue();
			first.close();
			second.close();
		}
	}

	@Test
	void closeEndsPendingAcceptsPromptly() throws Exception {
		NamedPipeConnectionListener listener = listen(4);
		CompletableFuture<NamedPipeConnection> pending = listener.acceptAsync().toCompletableFuture();
		await().atMost(WAIT).until(() -> this.windows.calls("ConnectNamedPipe") == 4);
		listener.close();
		assertThat(pending.get(30, TimeUnit.SECONDS)).isNull();
		assertThat(listener.failure()).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void clientOfAnotherUserIsRejectedAndReported() throws Exception {
		this.windows.clientsOfAnotherUserGetPastTheDacl();
		// The accept loop may reject the client before the client reads the pipe's owner, which
		// then fails (ERROR_PIPE_NOT_CONNECTED): this client does not check the server.
		NamedPipeTransportOptions unchecked = NamedPipeTransportOptions.builder().verifyServerOwner(false).build();
		try (NamedPipeConnectionListener listener = listen(1);
				NamedPipeConnection client = this.windows.connect(unchecked, WAIT)) {
			await().atMost(WAIT).until(() -> !this.events.isEmpty());
			assertThat(this.events).containsExactly("rejected FOREIGN_USER");
			assertThat(client.inputStream().read()).isEqualTo(-1);
			assertThat(listener.activeConnections()).isZero();
		}
	}

	@Test
	void connectionsStayOpenAfterTheListenerClosesUntilShutdownAbortsThem() throws Exception {
		NamedPipeConnectionListener listener = listen(2);
		try (NamedPipeConnection client = this.windows.connect(WAIT)) {
			NamedPipeConnection accepted = listener.accept(WAIT);
			assertThat(listener.shutdown(Duration.ZERO)).isFalse();
			assertThat(accepted.closed().toCompletableFuture().get(30, TimeUnit.SECONDS))
				.isEqualTo(ConnectionErrorType.SERVER_SHUTDOWN);
			assertThat(client.inputStream().read()).isEqualTo(-1);
		}
	}

}
