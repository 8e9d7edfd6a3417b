package dev.namedpipe.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.namedpipe.NamedPipeConnection;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.internal.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Windows backend over {@link ScriptedWin32Pipes}, for tests in any package. Register
 * it as an extension: after each test it asserts that everything was released.
 */
public final class FakeWindows implements AfterEachCallback {

	private static final AtomicInteger sequence = new AtomicInteger();

	final ScriptedWin32Pipes pipes = new ScriptedWin32Pipes();

	final PipeRuntime runtime = new PipeRuntime(this.pipes);

	/** A pipe name of this test's own. */
	public final NamedPipeEndPoint endPoint = newEndPoint();

	/**
	 * A fresh Windows endpoint.
	 * @return the endpoint
	 */
	public static NamedPipeEndPoint newEndPoint() {
		return NamedPipeEndPoint.of("fake-" + sequence.incrementAndGet(), NamedPipePlatform.WINDOWS, null);
	}

	public PipeServer bind(NamedPipeTransportOptions options) throws IOException {
		return WindowsPipeServer.bind(this.endPoint, options, this.runtime);
	}

	WindowsPipeServer bind(int queueCount) throws IOException {
		return WindowsPipeServer.bind(this.endPoint,
				NamedPipeTransportOptions.builder().listenerQueueCount(queueCount).build(), this.runtime);
	}

	public NamedPipeConnection connect(Duration timeout) throws IOException {
		return connect(NamedPipeTransportOptions.defaults(), timeout);
	}

	public NamedPipeConnection connect(NamedPipeTransportOptions options, Duration timeout) throws IOException {
		return WindowsPipeClient.connect(this.endPoint, options, timeout, this.runtime);
	}

	/** A client of another process connects and leaves before the server accepts it. */
	public void foreignClientComesAndGoes() throws IOException {
		this.pipes.connectForeignClient(this.endPoint.address(), ScriptedWin32Pipes.PROCESS_SID).close();
	}

	/** From now on clients run as another user, can be impersonated, and get past the DACL. */
	public void clientsOfAnotherUserGetPastTheDacl() {
		this.pipes.clientsRunAs(ScriptedWin32Pipes.Token.standard(ScriptedWin32Pipes.OTHER_SID));
		this.pipes.impersonationFails(null);
		this.pipes.ignoreDacl();
	}

	public long calls(String prefix) {
		return this.pipes.callCount(prefix);
	}

	/**
	 * Asserts that nothing is open, allocated or impersonating and nothing was misused. The
	 * port handle is closed only after its completion thread was joined, so no open handle
	 * also means no completion thread.
	 */
	@Override
	public void afterEach(ExtensionContext context) {
		assertThat(this.pipes.violations()).as("misuses of the Win32 API").isEmpty();
		assertThat(this.pipes.leaks()).as("handles, memory and impersonations left").isEmpty();
	}

}
