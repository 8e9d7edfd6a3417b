package dev.namedpipe.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.PipeProbe;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipes of the auto-configuration tests, on both platforms: a name of its own for each
 * (an absolute socket path on Unix, a plain name on Windows), its address, whether anything
 * serves it (a socket file on Unix, a pipe instance on Windows, looked at without
 * connecting), and who may connect to it.
 */
public final class TestPipes {

	private static final int SDDL_REVISION_1 = 1;

	private TestPipes() {
	}

	/**
	 * A pipe name of its own.
	 * @param directory a directory of the test's own, such as a {@code @TempDir}
	 * @return the name, for {@code namedpipe.name}
	 */
	public static String uniqueName(Path directory) {
		return PipeNames.uniqueIn(directory);
	}

	/**
	 * The address a name resolves to: the socket path on Unix, {@code \\.\pipe\<name>} on
	 * Windows.
	 * @param name the pipe name
	 * @return the address
	 */
	public static String address(String name) {
		return NamedPipeEndPoint.of(name).address();
	}

	/**
	 * Whether a client could connect now (see {@link PipeProbe}).
	 * @param name the pipe name
	 * @return {@code true} while listening
	 */
	public static boolean isListening(String name) {
		return PipeProbe.isListening(address(name));
	}

	/**
	 * Asserts that nothing is bound to the name, or left of it (see {@link PipeProbe}).
	 * @param name the pipe name
	 */
	public static void assertNotBound(String name) {
		PipeProbe.assertNotBound(address(name));
	}

	/**
	 * Who may connect, as the operating system has it: the socket file's mode on Unix (such
	 * as {@code rw-------}); on Windows the pipe's DACL in SDDL (such as
	 * {@code D:P(A;;0x1f019f;;;WD)}), read through a client handle, which the server sees as a
	 * connection that ends at once.
	 * @param name the pipe name
	 * @return the mode or the DACL
	 * @throws IOException when the socket file cannot be read
	 */
	public static String accessOf(String name) throws IOException {
		if (TestPlatform.isWindows()) {
			return windowsDacl(address(name));
		}
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(NamedPipeEndPoint.of(name).unixSocketPath()));
	}

	private static String windowsDacl(String address) {
		WinNT.HANDLE client = Kernel32.INSTANCE.CreateFile(address, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
				WinNT.OPEN_EXISTING, 0, null);
		assertThat(client).as("CreateFileW(%s), last error %d", address, Native.getLastError())
			.isNotEqualTo(WinBase.INVALID_HANDLE_VALUE);
		try {
			PointerByReference descriptor = new PointerByReference();
			assertThat(Advapi32.INSTANCE.GetSecurityInfo(client, AccCtrl.SE_OBJECT_TYPE.SE_KERNEL_OBJECT,
					WinNT.DACL_SECURITY_INFORMATION, null, null, null, null, descriptor))
				.as("GetSecurityInfo")
				.isZero();
			try {
				return toSddl(descriptor.getValue());
			}
			finally {
				Kernel32.INSTANCE.LocalFree(descriptor.getValue());
			}
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(client);
		}
	}

	private static String toSddl(Pointer descriptor) {
		PointerByReference sddl = new PointerByReference();
		Function convert = Function.getFunction("advapi32", "ConvertSecurityDescriptorToStringSecurityDescriptorW");
		assertThat(convert.invokeInt(
				new Object[] { descriptor, SDDL_REVISION_1, WinNT.DACL_SECURITY_INFORMATION, sddl, null }))
			.as("ConvertSecurityDescriptorToStringSecurityDescriptorW, last error %d", Native.getLastError())
			.isNotZero();
		try {
			return sddl.getValue().getWideString(0);
		}
		finally {
			Kernel32.INSTANCE.LocalFree(sddl.getValue());
		}
	}

}
