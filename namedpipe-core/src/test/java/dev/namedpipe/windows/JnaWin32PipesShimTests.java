package dev.namedpipe.windows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.namedpipe.windows.Win32Pipes.Completion;

import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JnaWin32Pipes}'s marshalling, on Linux, against a C library exporting the Win32
 * names it binds ({@code win32shim.c}, compiled here with gcc): what reaches native code,
 * structure layout, buffer offsets and last-error handling. It says nothing about what
 * Windows does with those calls.
 */
@UnixOnly("a gcc-built Linux stand-in for kernel32 and advapi32; on Windows the real ones are called")
class JnaWin32PipesShimTests {

	private static Path directory;

	private static Shim shim;

	private static JnaWin32Pipes pipes;

	@BeforeAll
	static void buildShim() throws Exception {
		RequiredTool.GCC.require();
		directory = Files.createTempDirectory("win32shim");
		Path source = directory.resolve("win32shim.c");
		try (InputStream in = JnaWin32PipesShimTests.class.getResourceAsStream("win32shim.c")) {
			Files.copy(in, source);
		}
		Path library = directory.resolve("libwin32shim.so");
		Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-Wall", "-Werror", "-o", library.toString(),
				source.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(gcc.getInputStream().readAllBytes());
		assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(gcc.exitValue()).as(output).isZero();
		shim = Native.load(library.toString(), Shim.class);
		pipes = new JnaWin32Pipes(library.toString(), library.toString());
	}

	@AfterAll
	static void removeShim() throws IOException {
		if (directory != null) {
			try (var files = Files.list(directory)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
			Files.delete(directory);
		}
	}

	@Test
	void createNamedPipePassesNameModesBufferSizesAndSecurityAttributes() throws Exception {
		long handle = pipes.createNamedPipe("\\\\.\\pipe\\x", 0x40080003, 0x8, 4096, 8192, 0x5000);
		assertThat(handle).isEqualTo(0x1234);
		assertThat(shim.shim_name().getWideString(0)).isEqualTo("\\\\.\\pipe\\x");
		assertThat(new int[] { shim.shim_arg(0), shim.shim_arg(1), shim.shim_arg(2), shim.shim_arg(3),
				shim.shim_arg(4), shim.shim_arg(5) })
			.containsExactly(0x40080003, 0x8, 255, 4096, 8192, 0);
		assertThat(shim.shim_sa_present()).isOne();
		assertThat(shim.shim_sa_length()).isEqualTo(shim.shim_sizeof_sa());
		assertThat(Pointer.nativeValue(shim.shim_sa_descriptor())).isEqualTo(0x5000);
		assertThat(shim.shim_sa_inherit()).isZero();
	}

	@Test
	void defaultDescriptorPassesNoSecurityAttributes() throws Exception {
		pipes.createNamedPipe("\\\\.\\pipe\\y", 0x40000003, 0, 65536, 65536, 0);
		assertThat(shim.shim_sa_present()).isZero();
	}

	@Test
	void invalidHandleValueIsAFailureWithTheLastError() {
		shim.shim_fail_next(Win32.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(Win32Exception.class)
			.isThrownBy(() -> pipes.createNamedPipe("\\\\.\\pipe\\z", 0x40080003, 0x8, 65536, 65536, 0))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_ACCESS_DENIED))
			.withMessageStartingWith("CreateNamedPipeW failed: ERROR_ACCESS_DENIED (5)");
	}

	@Test
	void readFileUsesTheBufferAfterTheOverlappedAndReportsPending() {
		NativeOverlapped overlapped = pipes.allocate(16);
		try {
			assertThat(pipes.readFile(0x1234, overlapped, 8)).isEqualTo(Win32.ERROR_IO_PENDING);
			assertThat(Pointer.nativeValue(shim.shim_pointer(3))).isEqualTo(overlapped.address());
			assertThat(Pointer.nativeValue(shim.shim_pointer(1)))
				.isEqualTo(overlapped.address() + JnaWin32Pipes.OVERLAPPED_BYTES);
			assertThat(shim.shim_pointer(2)).as("no bytes-read pointer with an OVERLAPPED").isNull();
			assertThat(shim.shim_arg(0)).isEqualTo(8);
			ByteBuffer target = ByteBuffer.allocate(4);
			overlapped.get(target, 4);
			assertThat(target.array()).containsExactly(1, 2, 3, 4);
		}
		finally {
			pipes.free(overlapped);
		}
	}

	@Test
	void writeFileSendsWhatWasPutAndReportsImmediateSuccess() {
		NativeOverlapped overlapped = pipes.allocate(16);
		try {
			overlapped.put(ByteBuffer.wrap(new byte[] { 9, 8, 7, 6, 5 }), 5);
			assertThat(pipes.writeFile(0x1234, overlapped, 5)).isEqualTo(Win32.ERROR_SUCCESS);
			assertThat(new int[] { shim.shim_data(0), shim.shim_data(1), shim.shim_data(2), shim.shim_data(3) })
				.containsExactly(9, 8, 7, 6);
			assertThat(Pointer.nativeValue(shim.shim_pointer(3))).isEqualTo(overlapped.address());
		}
		finally {
			pipes.free(overlapped);
		}
	}

	@Test
	void failedOperationDequeuedIsACompletionWithItsError() throws Exception {
		shim.shim_script_completion(0, new Pointer(0x7000), 12, 3, Win32.ERROR_OPERATION_ABORTED);
		Completion completion = pipes.dequeue(0x99);
		assertThat(completion).isEqualTo(new Completion(3, 0x7000, 12, Win32.ERROR_OPERATION_ABORTED));
		assertThat(shim.shim_arg(0)).as("INFINITE").isEqualTo(0xFFFFFFFF);
	}

	@Test
	void failedDequeueWithoutAnOperationIsAPortFailure() {
		shim.shim_script_completion(0, null, 0, 0, Win32.ERROR_INVALID_HANDLE);
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> pipes.dequeue(0x99))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_INVALID_HANDLE));
	}

	@Test
	void successfulDequeue() throws Exception {
		shim.shim_script_completion(1, new Pointer(0x7100), 5, 0, 0);
		assertThat(pipes.dequeue(0x99)).isEqualTo(new Completion(0, 0x7100, 5, 0));
	}

	@Test
	void cancelWithNothingPendingIsNotAnError() throws Exception {
		assertThat(pipes.cancelIo(0x1234)).isFalse();
		assertThat(shim.shim_pointer(3)).as("every operation of the handle").isNull();
	}

	@Test
	void clientOpensExistingPipeWithoutSharingOrAttributes() throws Exception {
		assertThat(pipes.createFile("\\\\.\\pipe\\c", PipeFlags.clientAccess(), PipeFlags.clientFlags()))
			.isEqualTo(0x1234);
		assertThat(shim.shim_name().getWideString(0)).isEqualTo("\\\\.\\pipe\\c");
		assertThat(new int[] { shim.shim_arg(0), shim.shim_arg(1), shim.shim_arg(2), shim.shim_arg(3) })
			.containsExactly(0xC0000000, 0, 3, 0x40110000);
		assertThat(shim.shim_pointer(0)).isNull();
		assertThat(shim.shim_pointer(1)).isNull();
	}

	@Test
	void securityDescriptorIsConvertedAtRevisionOneAndFreedWithLocalFree() throws Exception {
		long descriptor = pipes.convertSecurityDescriptor("D:P(A;;GA;;;SY)");
		assertThat(shim.shim_name().getWideString(0)).isEqualTo("D:P(A;;GA;;;SY)");
		assertThat(shim.shim_arg(0)).isOne();
		assertThat(descriptor).isEqualTo(Pointer.nativeValue(shim.shim_descriptor()));
		pipes.localFree(descriptor);
		assertThat(Pointer.nativeValue(shim.shim_pointer(0))).isEqualTo(descriptor);
		assertThat(shim.shim_descriptor()).isNull();
	}

	@Test
	void processOwnerReadsTheTokenOwnerClosesTheTokenAndFreesTheSidText() throws Exception {
		assertThat(pipes.processOwner())
			.isEqualTo(new Win32Pipes.Account("S-1-5-32-544", "BUILTIN\\Administrators"));
		assertThat(Pointer.nativeValue(shim.shim_pointer(1))).as("GetCurrentProcess()").isEqualTo(-1);
		assertThat(shim.shim_arg(0)).as("TOKEN_QUERY").isEqualTo(8);
		assertThat(shim.shim_arg(2)).as("TokenOwner").isEqualTo(4);
		assertThat(shim.shim_token_open()).isZero();
		assertThat(Pointer.nativeValue(shim.shim_closed_handle())).isEqualTo(0x77);
		assertThat(shim.shim_sid_string()).isNull();
	}

	@Test
	void handleOwnerReadsTheOwnerOfTheKernelObjectAndFreesTheDescriptorAndTheSidText() throws Exception {
		assertThat(pipes.handleOwner(0x1234)).isEqualTo(new Win32Pipes.Account("S-1-5-32-544", "BUILTIN\\Administrators"));
		assertThat(Pointer.nativeValue(shim.shim_pointer(1))).isEqualTo(0x1234);
		assertThat(shim.shim_arg(0)).as("SE_KERNEL_OBJECT").isEqualTo(6);
		assertThat(shim.shim_arg(1)).as("OWNER_SECURITY_INFORMATION").isEqualTo(1);
		assertThat(shim.shim_arg(2)).as("group, DACL and SACL not asked for").isZero();
		assertThat(shim.shim_descriptor()).isNull();
		assertThat(shim.shim_sid_string()).isNull();
	}

	@Test
	void handleOwnerFailureIsTheReturnedCodeNotTheLastError() {
		shim.shim_fail_next(5);
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> pipes.handleOwner(0x1234))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(5))
			.withMessageContaining("GetSecurityInfo");
	}

	@Test
	void threadUserSidOpensTheThreadTokenAsSelfAndReadsTheTokenUserWithoutLookingItsNameUp() throws Exception {
		int lookups = shim.shim_account_lookups();
		assertThat(pipes.threadUserSid()).isEqualTo("S-1-5-32");
		assertThat(Pointer.nativeValue(shim.shim_pointer(1))).as("GetCurrentThread()").isEqualTo(-2);
		assertThat(shim.shim_arg(1)).as("OpenAsSelf (JNA passes TRUE as -1)").isNotZero();
		assertThat(shim.shim_arg(2)).as("TokenUser").isOne();
		assertThat(shim.shim_token_open()).isZero();
		assertThat(shim.shim_sid_string()).isNull();
		assertThat(shim.shim_account_lookups()).as("LookupAccountSidW calls").isEqualTo(lookups);
	}

	@Test
	void accountNameConvertsTheSidLooksItUpAndFreesTheBinarySid() throws Exception {
		int lookups = shim.shim_account_lookups();
		assertThat(pipes.accountName("S-1-5-32")).isEqualTo("CORP\\alice");
		assertThat(shim.shim_name().getWideString(0)).isEqualTo("S-1-5-32");
		assertThat(shim.shim_binary_sid()).as("SID freed with LocalFree").isNull();
		assertThat(shim.shim_account_lookups()).isEqualTo(lookups + 1);
		assertThat(pipes.accountName("S-1-5-32-544")).isEqualTo("BUILTIN\\Administrators");
		assertThat(shim.shim_binary_sid()).isNull();
	}

	@Test
	void accountNameOfAnInvalidSidIsAFailure() {
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> pipes.accountName("S-1-x"))
			.withMessageContaining("ConvertStringSidToSidW");
	}

	@Test
	void threadTokenMembershipChecksTheConvertedSidInTheThreadTokenAndFreesBoth() throws Exception {
		assertThat(pipes.isThreadTokenMember("S-1-5-32-544")).isTrue();
		assertThat(shim.shim_name().getWideString(0)).isEqualTo("S-1-5-32-544");
		assertThat(Pointer.nativeValue(shim.shim_pointer(1))).as("GetCurrentThread()").isEqualTo(-2);
		assertThat(shim.shim_arg(1)).as("OpenAsSelf").isNotZero();
		assertThat(Pointer.nativeValue(shim.shim_membership_token())).as("the thread token").isEqualTo(0x78);
		assertThat(shim.shim_binary_sid()).as("SID freed with LocalFree").isNull();
		assertThat(shim.shim_token_open()).isZero();
		assertThat(pipes.isThreadTokenMember("S-1-5-32")).isFalse();
		assertThat(shim.shim_binary_sid()).isNull();
	}

	@Test
	void invalidSidForMembershipIsAFailureAndClosesTheToken() {
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> pipes.isThreadTokenMember("S-1-x"))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1337))
			.withMessageStartingWith("ConvertStringSidToSidW failed");
		assertThat(shim.shim_token_open()).isZero();
	}

	@Test
	void processIdsAreUnsigned() throws Exception {
		assertThat(pipes.clientProcessId(0x1234)).isEqualTo(4_000_000_000L);
	}

	@Test
	void completionPortIsCreatedForOneThreadAndHandlesAssociatedWithIt() throws Exception {
		assertThat(pipes.createCompletionPort()).isEqualTo(0x55);
		assertThat(Pointer.nativeValue(shim.shim_pointer(0))).as("INVALID_HANDLE_VALUE").isEqualTo(-1);
		assertThat(shim.shim_pointer(1)).isNull();
		assertThat(shim.shim_arg(1)).isOne();
		pipes.associate(0x55, 0x1234);
		assertThat(Pointer.nativeValue(shim.shim_pointer(0))).isEqualTo(0x1234);
		assertThat(Pointer.nativeValue(shim.shim_pointer(1))).isEqualTo(0x55);
		pipes.post(0x55, 1);
		assertThat(shim.shim_arg(1)).as("key").isOne();
		assertThat(shim.shim_pointer(3)).as("no OVERLAPPED").isNull();
	}

	@Test
	void connectAndImpersonateReportTheirLastError() {
		NativeOverlapped overlapped = pipes.allocate(0);
		try {
			assertThat(pipes.connectNamedPipe(0x1234, overlapped)).isEqualTo(Win32.ERROR_PIPE_CONNECTED);
			assertThat(Pointer.nativeValue(shim.shim_pointer(3))).isEqualTo(overlapped.address());
		}
		finally {
			pipes.free(overlapped);
		}
		assertThatExceptionOfType(Win32Exception.class).isThrownBy(() -> pipes.impersonateNamedPipeClient(0x1234))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_CANNOT_IMPERSONATE));
		assertThatExceptionOfType(Win32Exception.class)
			.isThrownBy(() -> pipes.waitNamedPipe("\\\\.\\pipe\\w", 250))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(Win32.ERROR_SEM_TIMEOUT));
		assertThat(shim.shim_arg(0)).isEqualTo(250);
	}

	/**
	 * The stand-in's recording functions.
	 */
	public interface Shim extends Library {

		void shim_fail_next(int error);

		Pointer shim_name();

		int shim_arg(int index);

		int shim_sa_present();

		int shim_sa_length();

		Pointer shim_sa_descriptor();

		int shim_sa_inherit();

		int shim_sizeof_sa();

		Pointer shim_pointer(int index);

		int shim_data(int index);

		Pointer shim_descriptor();

		int shim_account_lookups();

		void shim_script_completion(int ok, Pointer overlapped, int bytes, long key, int error);

		Pointer shim_sid_string();

		Pointer shim_binary_sid();

		Pointer shim_closed_handle();

		Pointer shim_membership_token();

		int shim_token_open();

	}

}
