package dev.namedpipe.testsupport;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.WString;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether anything serves a pipe, looked at without connecting (so that no test sees a
 * connection of the check): its socket file on Unix; on Windows its instances, through
 * {@code WaitNamedPipeW}, which tells a free instance, only busy ones and none apart.
 */
public final class PipeProbe {

	private static final int ERROR_FILE_NOT_FOUND = 2;

	private static final int ERROR_SEM_TIMEOUT = 121;

	private PipeProbe() {
	}

	/**
	 * Whether a client could connect now: the socket file exists on Unix; on Windows an
	 * instance waits for a client.
	 * @param address the socket path on Unix, {@code \\.\pipe\<name>} on Windows
	 * @return {@code true} while listening
	 */
	public static boolean isListening(String address) {
		if (TestPlatform.isWindows()) {
			return waitForInstance(address) == 0;
		}
		return Files.exists(Path.of(address), LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Asserts that nothing is bound to the pipe, or left of it: no socket file on Unix, no
	 * instance on Windows (where a connection still open keeps the name, free instance or
	 * not).
	 * @param address the socket path on Unix, {@code \\.\pipe\<name>} on Windows
	 */
	public static void assertNotBound(String address) {
		if (TestPlatform.isWindows()) {
			assertThat(waitForInstance(address)).as("WaitNamedPipeW(%s): last error", address)
				.isEqualTo(ERROR_FILE_NOT_FOUND);
		}
		else {
			assertThat(Path.of(address)).doesNotExist();
		}
	}

	// 0 when an instance is free, ERROR_SEM_TIMEOUT when every instance is busy,
	// ERROR_FILE_NOT_FOUND when there is none
	private static int waitForInstance(String address) {
		Function waitNamedPipe = Function.getFunction("kernel32", "WaitNamedPipeW");
		if (waitNamedPipe.invokeInt(new Object[] { new WString(address), 1 }) != 0) {
			return 0;
		}
		int error = Native.getLastError();
		assertThat(error).as("WaitNamedPipeW(%s): last error", address).isIn(ERROR_FILE_NOT_FOUND, ERROR_SEM_TIMEOUT);
		return error;
	}

}
