package dev.namedpipe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * How many files, sockets, pipes and other kernel objects this process holds open: its file
 * descriptors on Unix, its handles on Windows. A leak only makes the count grow.
 *
 * <p>On Windows, events, semaphores and threads are not counted: the JVM keeps the events of
 * every thread it ever parked in a free list that it never closes (so their number grows with
 * the most threads alive at once, for good), creates semaphores as its garbage collector adds
 * workers and keeps them, and threads are checked as Java threads. Nothing of the transport
 * creates any of them. The handles are read from the system handle table
 * ({@code NtQuerySystemInformation(SystemExtendedHandleInformation)}) with each one's type
 * ({@code NtQueryObject(ObjectTypeInformation)}), on Windows and under Wine alike.
 */
public final class OpenHandles {

	// SystemExtendedHandleInformation's table: a count, a reserved word, then 40-byte entries
	// (object, owning process id, handle value, access, indexes, attributes, reserved).
	private static final int SYSTEM_EXTENDED_HANDLE_INFORMATION = 64;

	private static final int OBJECT_TYPE_INFORMATION = 2;

	private static final int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;

	private static final int TABLE_HEADER_BYTES = 16;

	private static final int ENTRY_BYTES = 40;

	private static final int PROCESS_ID_OFFSET = 8;

	private static final int HANDLE_VALUE_OFFSET = 16;

	// OBJECT_TYPE_INFORMATION starts with the type's name, a UNICODE_STRING: its length in
	// bytes, its capacity, padding, then the pointer to its characters.
	private static final int TYPE_NAME_BUFFER_OFFSET = 8;

	private static final int TYPE_INFORMATION_BYTES = 1024;

	private static final Set<String> NOT_COUNTED = Set.of("Event", "Semaphore", "Thread");

	private OpenHandles() {
	}

	/**
	 * Counts what this process holds open, after a garbage collection: objects that are
	 * unreachable but not yet cleaned keep their handles until their cleaner runs (on Windows a
	 * {@link Process} of an ended program keeps its process handle so), so call this in a wait
	 * for the count to come back rather than once.
	 * @return the count
	 */
	public static long count() {
		System.gc();
		return TestPlatform.isWindows() ? windowsHandles().size() : unixDescriptors().size();
	}

	/**
	 * What {@link #count()} counts, for a failure message: each descriptor's target on Unix
	 * ({@code 12 -> socket:[4711]}), each handle's value and type on Windows
	 * ({@code 0x4c8 File}).
	 * @return one entry a descriptor or handle, sorted
	 */
	public static List<String> describe() {
		return TestPlatform.isWindows() ? windowsHandles() : unixDescriptors();
	}

	private static List<String> unixDescriptors() {
		Path descriptors = Files.isDirectory(Path.of("/proc/self/fd")) ? Path.of("/proc/self/fd") : Path.of("/dev/fd");
		try (Stream<Path> open = Files.list(descriptors)) {
			return open.map(OpenHandles::describeDescriptor).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String describeDescriptor(Path descriptor) {
		try {
			return descriptor.getFileName() + " -> " + Files.readSymbolicLink(descriptor);
		}
		catch (IOException ex) {
			return descriptor.getFileName() + " -> (closed meanwhile)";
		}
	}

	private static List<String> windowsHandles() {
		long pid = ProcessHandle.current().pid();
		Function querySystem = Function.getFunction("ntdll", "NtQuerySystemInformation");
		Function queryObject = Function.getFunction("ntdll", "NtQueryObject");
		for (long size = 1 << 20;; size *= 2) {
			try (Memory table = new Memory(size); Memory type = new Memory(TYPE_INFORMATION_BYTES)) {
				int status = querySystem.invokeInt(
						new Object[] { SYSTEM_EXTENDED_HANDLE_INFORMATION, table, (int) size, new IntByReference() });
				if (status == STATUS_INFO_LENGTH_MISMATCH) {
					continue;
				}
				if (status != 0) {
					throw new IllegalStateException(
							"NtQuerySystemInformation(SystemExtendedHandleInformation) failed: 0x"
									+ Integer.toHexString(status));
				}
				List<String> counted = new ArrayList<>();
				for (long i = 0, entries = table.getLong(0); i < entries; i++) {
					long entry = TABLE_HEADER_BYTES + i * ENTRY_BYTES;
					if (table.getLong(entry + PROCESS_ID_OFFSET) == pid) {
						long handle = table.getLong(entry + HANDLE_VALUE_OFFSET);
						String typeName = typeOf(queryObject, handle, type);
						if (!NOT_COUNTED.contains(typeName)) {
							counted.add("0x" + Long.toHexString(handle) + " " + typeName);
						}
					}
				}
				return counted;
			}
		}
	}

	// The handle may have been closed since the table was taken: it is counted then (a closed
	// handle that counts can only delay a wait for the count, never hide a leak).
	private static String typeOf(Function queryObject, long handle, Memory type) {
		int status = queryObject.invokeInt(new Object[] { new Pointer(handle), OBJECT_TYPE_INFORMATION, type,
				TYPE_INFORMATION_BYTES, new IntByReference() });
		Pointer name = (status == 0) ? type.getPointer(TYPE_NAME_BUFFER_OFFSET) : null;
		return (name != null) ? new String(name.getCharArray(0, Short.toUnsignedInt(type.getShort(0)) / 2)) : "";
	}

}
