package dev.namedpipe.unix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * User and group names by id from the system's user database ({@code getpwuid_r},
 * {@code getgrgid_r}: files, LDAP or whatever NSS is set up to ask), through JNA's direct
 * mapping. Loaded only where JNA is.
 */
final class UserDatabase {

	// The name is the first field of struct passwd and struct group on Linux and macOS; the
	// records are 48 and 32 bytes on 64-bit Linux, 72 and 32 on macOS.
	private static final int RECORD_BYTES = 256;

	private static final int FIRST_BUFFER_BYTES = 4 * 1024;

	private static final int MAX_BUFFER_BYTES = 1024 * 1024;

	// The same on Linux and macOS.
	private static final int ERANGE = 34;

	static {
		Native.register(UserDatabase.class, Platform.C_LIBRARY_NAME);
	}

	private UserDatabase() {
	}

	/**
	 * The name of a user.
	 * @param uid the user id
	 * @return the name, or {@code null} when the database has no such user
	 * @throws LastErrorException when the database cannot be read
	 */
	static @Nullable String userName(long uid) {
		return lookUp(uid, false);
	}

	/**
	 * The name of a group.
	 * @param gid the group id
	 * @return the name, or {@code null} when the database has no such group
	 * @throws LastErrorException when the database cannot be read
	 */
	static @Nullable String groupName(long gid) {
		return lookUp(gid, true);
	}

	// Both calls return an error number rather than setting errno, ERANGE when the strings
	// do not fit the buffer (a group's member list can be long): then again with a larger one.
	private static @Nullable String lookUp(long id, boolean group) {
		for (int size = FIRST_BUFFER_BYTES;; size *= 4) {
			try (Memory record = new Memory(RECORD_BYTES + Native.POINTER_SIZE); Memory buffer = new Memory(size)) {
				Pointer result = record.share(RECORD_BYTES);
				result.setPointer(0, null);
				int error = group ? getgrgid_r((int) id, record, buffer, new NativeLong(size), result)
						: getpwuid_r((int) id, record, buffer, new NativeLong(size), result);
				if (error == 0) {
					Pointer found = result.getPointer(0);
					return (found != null) ? found.getPointer(0).getString(0) : null;
				}
				if (error != ERANGE || size >= MAX_BUFFER_BYTES) {
					throw new LastErrorException(error);
				}
			}
		}
	}

	private static native int getpwuid_r(int uid, Pointer record, Pointer buffer, NativeLong size, Pointer result);

	private static native int getgrgid_r(int gid, Pointer record, Pointer buffer, NativeLong size, Pointer result);

}
