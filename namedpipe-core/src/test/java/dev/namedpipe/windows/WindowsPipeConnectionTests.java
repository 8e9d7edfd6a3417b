package dev.namedpipe.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.namedpipe.ConnectionAbortedException;
import dev.namedpipe.ConnectionErrorType;
import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.internal.AbstractNamedPipeConnection;
import dev.namedpipe.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@link WindowsPipeConnection}'s overlapped reads and writes, end of stream and release
 * against the scripted Win32 fake, both ends ours (server instance and CreateFileW client).
 */
class WindowsPipeConnectionTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	final FakeWindows windows = new FakeWindows();

	private final ScriptedWin32Pipes pipes = this.windows.pipes;

	private final NamedPipeEndPoint endPoint = this.windows.endPoint;

	private WindowsPipeServer pipeServer;

	private NamedPipeConnection client;

	private AbstractNamedPipeConnection server;

	@BeforeEach
	void connect() throws IOException {
		this.pipeServer = this.windows.bind(1);
		this.client = this.windows.connect(WAIT);
		this.server = this.pipeServer.accept(0);
	}

	@AfterEach
	void closeEverything() {
		this.client.abort("test over");
		this.server.abort("test over");
		this.pipeServer.close();
	}

	@Test
	void runAsClientRunsTheActionImpersonatingTheClientThenReverts() throws Exception {
		this.pipes.impersonationFails(null);
		String user = this.server.runAsClient(() -> this.pipes.threadUserSid());
		assertThat(user).isEqualTo(ScriptedWin32Pipes.PROCESS_SID);
		List<String> calls = this.pipes.calls();
		assertThat(calls.subList(calls.size() - 2, calls.size())).first().asString()
			.startsWith("ImpersonateNamedPipeClient ");
		assertThat(calls).last().isEqualTo("RevertToSelf");
	}

	@Test
	void actionThatThrowsStillReverts() {
		this.pipes.impersonationFails(null);
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.runAsClient(() -> {
			throw new IllegalArgumentException("failed as the client");
		})).withMessage("failed as the client");
		assertThat(this.pipes.calls()).last().isEqualTo("RevertToSelf");
	}

	@Test
	void clientThatCannotBeImpersonatedFailsNamingThePipeAndTheActionIsNotRun() {
		this.pipes.impersonationFails(Win32.ERROR_CANNOT_IMPERSONATE);
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.server.runAsClient(() -> ran.getAndSet(true)))
			.withMessageContaining("The client of named pipe '" + this.endPoint.name() + "' cannot be impersonated")
			.withMessageContaining("ERROR_CANNOT_IMPERSONATE")
			.withMessageContaining("only once the server has read from the pipe");
		assertThat(ran).isFalse();
		assertThat(this.pipes.calls()).doesNotContain("RevertToSelf");
	}

	@Test
	void revertThatFailsIsAnIllegalStateKeepingTheActionsFailure() throws Exception {
		this.pipes.impersonationFails(null);
		this.pipes.revertFails(Win32.ERROR_ACCESS_DENIED);
		assertThatIllegalStateException().isThrownBy(() -> this.server.runAsClient(() -> {
			throw new IllegalArgumentException("failed as the client");
		}))
			.withMessageContaining("RevertToSelf failed")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement()
				.asInstanceOf(InstanceOfAssertFactories.THROWABLE)
				.hasMessage("failed as the client"));
		// the thread still impersonates: stop it, for the leak check
		this.pipes.revertFails(null);
		this.pipes.revertToSelf();
	}

	// Impersonation belongs to the OS thread under a virtual thread, which may change.
	@Test
	void onAVirtualThreadTheActionRunsOnAPlatformThread() throws Exception {
		Method newVirtualThreadPerTaskExecutor;
		try {
			newVirtualThreadPerTaskExecutor = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		}
		catch (NoSuchMethodException ex) {
			Assumptions.abort("virtual threads need Java 21 or later");
			return;
		}
		this.pipes.impersonationFails(null);
		Method isVirtual = Thread.class.getMethod("isVirtual");
		ExecutorService virtualThreads = (ExecutorService) newVirtualThreadPerTaskExecutor.invoke(null);
		try {
			List<Object> threads = virtualThreads.submit(() -> List.of(isVirtual.invoke(Thread.currentThread()),
					this.server.runAsClient(() -> isVirtual.invoke(Thread.currentThread()) + " "
							+ Thread.currentThread().getName() + " " + this.pipes.threadUserSid())))
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(threads).containsExactly(true,
					"false namedpipe-run-as-client " + ScriptedWin32Pipes.PROCESS_SID);
		}
		finally {
			virtualThreads.shutdown();
		}
		assertThat(this.pipes.calls()).last().isEqualTo("RevertToSelf");
	}

	@Test
	void echoKeepsEveryByte() throws Exception {
		byte[] data = new byte[1024 * 1024 + 17];
		new Random(5).nextBytes(data);
		CompletableFuture<Void> echo = Background.call(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.server.inputStream(); OutputStream out = this.server.outputStream()) {
				for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
					out.write(buffer, 0, count);
					out.flush();
				}
			}
			return null;
		});
		CompletableFuture<byte[]> received = Background.call(this.client.inputStream()::readAllBytes);
		this.client.outputStream().write(data);
		this.client.outputStream().flush();
		// The echo ends when the client's output ends; a Win32 pipe cannot half-close, so
		// the test closes the client only after all bytes came back.
		await().atMost(WAIT).until(() -> this.server.bytesWritten() == data.length);
		this.client.close();
		echo.get(30, TimeUnit.SECONDS);
		byte[] echoed = received.get(30, TimeUnit.SECONDS);
		assertThat(MessageDigest.getInstance("SHA-256").digest(echoed))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
		assertThat(this.server.bytesRead()).isEqualTo(data.length);
	}

	@Test
	void clientCloseIsEndOfStreamForTheServer() throws Exception {
		this.client.outputStream().write(new byte[] { 1, 2 });
		this.client.close();
		assertThat(this.server.inputStream().readAllBytes()).containsExactly(1, 2);
		assertThat(this.server.inputStream().read()).isEqualTo(-1);
	}

	@Test
	void serverCloseIsEndOfStreamForTheClient() throws Exception {
		CompletableFuture<byte[]> received = Background.call(this.client.inputStream()::readAllBytes);
		this.server.outputStream().write(new byte[] { 3, 4, 5 });
		this.server.close();
		assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(3, 4, 5);
		String serverHandle = acceptedHandle();
		assertThat(this.pipes.calls()).containsSubsequence("CancelIoEx " + serverHandle, "CloseHandle " + serverHandle)
			.doesNotContain("DisconnectNamedPipe " + serverHandle);
	}

	@Test
	void serverCloseDoesNotWaitForAClientThatDoesNotRead() throws Exception {
		this.server.outputStream().write(new byte[] { 6, 7 });
		this.server.close();
		assertThat(this.server.closed().toCompletableFuture()).isCompletedWithValue(ConnectionErrorType.NONE);
		assertThat(this.client.inputStream().readAllBytes()).containsExactly(6, 7);
	}

	// The instance the server accepted on: its ConnectNamedPipe is the one that completed.
	private String acceptedHandle() {
		String connect = this.pipes.calls().stream().filter((call) -> call.startsWith("ConnectNamedPipe ")).findFirst()
			.orElseThrow();
		return connect.split(" ")[1];
	}

	@Test
	void noDataLostWhenClosingRightAfterWriting10MiB() throws Exception {
		byte[] data = new byte[10 * 1024 * 1024];
		new Random(10).nextBytes(data);
		CompletableFuture<byte[]> received = Background.call(this.client.inputStream()::readAllBytes);
		this.server.outputStream().write(data);
		this.server.close();
		assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(data);
		assertThat(this.server.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.NONE);
	}

	@Test
	void zeroByteReadIsEndOfStream() throws Exception {
		this.client.abort("replaced by a foreign client");
		this.server.abort("replaced by a foreign client");
		CompletableFuture<AbstractNamedPipeConnection> accepted = Background.call(() -> this.pipeServer.accept(0));
		await().atMost(WAIT).until(() -> this.pipes.pendingOperations() == 1);
		ScriptedWin32Pipes.ForeignClient foreign = this.pipes.connectForeignClient(this.endPoint.address(),
				ScriptedWin32Pipes.PROCESS_SID);
		try (AbstractNamedPipeConnection connection = accepted.get(30, TimeUnit.SECONDS)) {
			foreign.write(new byte[] { 9 });
			assertThat(connection.inputStream().read()).isEqualTo(9);
			foreign.writeNothing();
			assertThat(connection.inputStream().read()).isEqualTo(-1);
		}
		finally {
			foreign.close();
		}
	}

	@Test
	void readBlockedWhenClosedLocallyEndsAfterItsAbortedCompletion() throws Exception {
		CompletableFuture<Integer> read = Background.call(this.server.inputStream()::read);
		await().atMost(WAIT).until(() -> this.pipes.pendingOperations() == 1);
		this.server.close();
		assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
		assertThat(this.windows.calls("CancelIoEx")).isEqualTo(1);
		assertThat(this.client.inputStream().read()).isEqualTo(-1);
	}

	@Test
	void abortFailsABlockedReadWithTheReason() throws Exception {
		CompletableFuture<Integer> read = Background.call(this.client.inputStream()::read);
		await().atMost(WAIT).until(() -> this.pipes.pendingOperations() == 1);
		this.client.abort("enough");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> read.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(ConnectionAbortedException.class)
			.withMessageContaining("enough");
	}

	@Test
	void writeBlockedOnAFullPipeEndsWhenAborted() throws Exception {
		CompletableFuture<Void> write = Background.call(() -> {
			this.server.outputStream().write(new byte[1024 * 1024]);
			this.server.outputStream().flush();
			return null;
		});
		await().atMost(WAIT).until(() -> this.pipes.blockedWrites() == 1);
		this.server.abort("peer does not read");
		write.get(30, TimeUnit.SECONDS);
		assertThat(this.server.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.ABORTED_BY_APP);
	}

	@Test
	void closeWaitingForAFullPipeToTakeTheRestEndsWhenAborted() throws Exception {
		// The first write fills the pipe's buffer; the second stays in ours until close.
		this.server.outputStream().write(new byte[64 * 1024]);
		this.server.outputStream().write(new byte[100]);
		CompletableFuture<Void> close = Background.run(this.server::close);
		await().atMost(WAIT).until(() -> this.pipes.blockedWrites() == 1);
		this.server.abort("client does not read");
		close.get(30, TimeUnit.SECONDS);
		assertThat(this.server.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.ABORTED_BY_APP);
	}

	@Test
	void clientCloseDoesNotWaitForTheServerToRead() throws Exception {
		this.client.outputStream().write(new byte[] { 4, 5 });
		this.client.close();
		assertThat(this.client.closed().toCompletableFuture()).isCompletedWithValue(ConnectionErrorType.NONE);
		assertThat(this.server.inputStream().readAllBytes()).containsExactly(4, 5);
	}

	@Test
	void writingToAPeerThatLeftFails() throws Exception {
		this.client.close();
		this.server.outputStream().write(1);
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> this.server.outputStream().flush())
			.satisfies((ex) -> assertThat(List.of(Win32.ERROR_NO_DATA, Win32.ERROR_BROKEN_PIPE))
				.contains(ex.getErrorCode()));
	}

}
