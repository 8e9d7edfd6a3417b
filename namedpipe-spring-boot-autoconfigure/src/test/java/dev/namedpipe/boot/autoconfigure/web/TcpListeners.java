package dev.namedpipe.boot.autoconfigure.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;

import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local ports of the TCP sockets this process listens on, as the operating system
 * reports them: {@code /proc/net/tcp} and {@code tcp6} for the sockets among this process's
 * descriptors on Linux, the TCP tables with their owning process
 * ({@code GetExtendedTcpTable}) on Windows.
 */
final class TcpListeners {

	private static final String LISTEN = "0A";

	private static final int ERROR_INSUFFICIENT_BUFFER = 122;

	private TcpListeners() {
	}

	static Set<Integer> ofThisProcess() throws IOException {
		return TestPlatform.isWindows() ? windowsListeners() : linuxListeners();
	}

	private static Set<Integer> linuxListeners() throws IOException {
		Set<Long> ownSockets;
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			ownSockets = descriptors.map(TcpListeners::socketInode)
				.filter((inode) -> inode >= 0)
				.collect(Collectors.toSet());
		}
		Set<Integer> ports = new HashSet<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines = Files.readAllLines(Path.of(table));
			for (String line : lines.subList(1, lines.size())) {
				String[] columns = line.trim().split("\\s+");
				if (LISTEN.equals(columns[3]) && ownSockets.contains(Long.parseLong(columns[9]))) {
					String localAddress = columns[1];
					ports.add(Integer.parseInt(localAddress.substring(localAddress.indexOf(':') + 1), 16));
				}
			}
		}
		return ports;
	}

	private static long socketInode(Path descriptor) {
		try {
			String target = Files.readSymbolicLink(descriptor).toString();
			return target.startsWith("socket:[") ? Long.parseLong(target.substring(8, target.length() - 1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static Set<Integer> windowsListeners() {
		long pid = ProcessHandle.current().pid();
		Set<Integer> ports = new HashSet<>();
		try (Memory table = listenerTable(IPHlpAPI.AF_INET)) {
			IPHlpAPI.MIB_TCPTABLE_OWNER_PID rows = new IPHlpAPI.MIB_TCPTABLE_OWNER_PID(table);
			for (int i = 0; i < rows.dwNumEntries; i++) {
				if (rows.table[i].dwOwningPid == pid) {
					ports.add(hostOrder(rows.table[i].dwLocalPort));
				}
			}
		}
		try (Memory table = listenerTable(IPHlpAPI.AF_INET6)) {
			IPHlpAPI.MIB_TCP6TABLE_OWNER_PID rows = new IPHlpAPI.MIB_TCP6TABLE_OWNER_PID(table);
			for (int i = 0; i < rows.dwNumEntries; i++) {
				if (rows.table[i].dwOwningPid == pid) {
					ports.add(hostOrder(rows.table[i].dwLocalPort));
				}
			}
		}
		return ports;
	}

	// The listening sockets of every process, for one address family
	private static Memory listenerTable(int family) {
		IntByReference size = new IntByReference(4096);
		while (true) {
			Memory table = new Memory(size.getValue());
			int result = IPHlpAPI.INSTANCE.GetExtendedTcpTable(table, size, false, family,
					IPHlpAPI.TCP_TABLE_CLASS.TCP_TABLE_OWNER_PID_LISTENER, 0);
			if (result != ERROR_INSUFFICIENT_BUFFER) {
				assertThat(result).as("GetExtendedTcpTable(family %d)", family).isZero();
				return table;
			}
			table.close();
		}
	}

	// A port in the table is in network byte order, in the low 16 bits
	private static int hostOrder(int port) {
		return ((port & 0xff) << 8) | ((port >> 8) & 0xff);
	}

}
