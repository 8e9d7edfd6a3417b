package dev.namedpipe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * How many files, sockets and other kernel objects this process holds open: its file
 * descriptors on Unix, its handles on Windows. A leak only makes the count grow.
 */
public final class OpenHandles {

	// SYSTEM_INFORMATION_CLASS SystemExtendedHandleInformation, and the layout of its
	// SYSTEM_HANDLE_INFORMATION_EX: a count, a reserved word, then 40-byte entries whose
	// second field is the owning process id.
	private static final int SYSTEM_EXTENDED_HANDLE_INFORMATION = 64;

	private static final int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;

	private static final int HANDLE_TABLE_HEADER_BYTES = 16;

	private static final int HANDLE_ENTRY_BYTES = 40;

	private static final int PROCESS_ID_OFFSET = 8;

	private OpenHandles() {
	}

	/**
	 * Counts what this process holds open.
	 * @return the count
	 */
	public static long count() {
		return TestPlatform.isWindows() ? windowsHandles() : unixDescriptors();
	}

	private static long unixDescriptors() {
		Path descriptors = Files.isDirectory(Path.of("/proc/self/fd")) ? Path.of("/proc/self/fd") : Path.of("/dev/fd");
		try (Stream<Path> open = Files.list(descriptors)) {
			return open.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// GetProcessHandleCount is the documented way; Wine answers it with 0, so its system
	// handle table (which Wine does fill in) is read instead.
	private static long windowsHandles() {
		Pointer self = (Pointer) Function.getFunction("kernel32", "GetCurrentProcess").invoke(Pointer.class,
				new Object[0]);
		IntByReference count = new IntByReference();
		if (Function.getFunction("kernel32", "GetProcessHandleCount").invokeInt(new Object[] { self, count }) != 0
				&& count.getValue() > 0) {
			return count.getValue();
		}
		return handlesInSystemTable(ProcessHandle.current().pid());
	}

	private static long handlesInSystemTable(long pid) {
		Function query = Function.getFunction("ntdll", "NtQuerySystemInformation");
		for (long size = 1 << 20;; size *= 2) {
			try (Memory table = new Memory(size)) {
				int status = query.invokeInt(
						new Object[] { SYSTEM_EXTENDED_HANDLE_INFORMATION, table, (int) size, new IntByReference() });
				if (status == STATUS_INFO_LENGTH_MISMATCH) {
					continue;
				}
				if (status != 0) {
					throw new IllegalStateException(
							"NtQuerySystemInformation(SystemExtendedHandleInformation) failed: 0x"
									+ Integer.toHexString(status));
				}
				long entries = table.getLong(0);
				long owned = 0;
				for (long i = 0; i < entries; i++) {
					if (table.getLong(HANDLE_TABLE_HEADER_BYTES + i * HANDLE_ENTRY_BYTES + PROCESS_ID_OFFSET) == pid) {
						owned++;
					}
				}
				return owned;
			}
		}
	}

}
