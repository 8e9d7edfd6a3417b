package dev.namedpipe.windows;

/**
 * The Win32 constants the backend uses, with the names of the error codes it handles so
 * messages and logs can say which one occurred.
 */
final class Win32 {

	static final int ERROR_SUCCESS = 0;

	static final int ERROR_FILE_NOT_FOUND = 2;

	static final int ERROR_ACCESS_DENIED = 5;

	static final int ERROR_INVALID_HANDLE = 6;

	static final int ERROR_BROKEN_PIPE = 109;

	static final int ERROR_SEM_TIMEOUT = 121;

	static final int ERROR_PIPE_BUSY = 231;

	static final int ERROR_NO_DATA = 232;

	static final int ERROR_PIPE_NOT_CONNECTED = 233;

	static final int ERROR_PIPE_CONNECTED = 535;

	static final int ERROR_OPERATION_ABORTED = 995;

	static final int ERROR_IO_PENDING = 997;

	static final int ERROR_NOT_FOUND = 1168;

	static final int ERROR_CANNOT_IMPERSONATE = 1368;

	static final int PIPE_ACCESS_DUPLEX = 0x00000003;

	static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

	static final int FILE_FLAG_OVERLAPPED = 0x40000000;

	static final int FILE_FLAG_WRITE_THROUGH = 0x80000000;

	static final int PIPE_TYPE_BYTE = 0x00000000;

	static final int PIPE_READMODE_BYTE = 0x00000000;

	static final int PIPE_WAIT = 0x00000000;

	static final int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;

	static final int PIPE_UNLIMITED_INSTANCES = 255;

	static final int GENERIC_READ = 0x80000000;

	static final int GENERIC_WRITE = 0x40000000;

	static final int SECURITY_SQOS_PRESENT = 0x00100000;

	static final int SECURITY_IDENTIFICATION = 0x00010000;

	private Win32() {
	}

	static String errorName(int code) {
		return switch (code) {
			case ERROR_SUCCESS -> "ERROR_SUCCESS";
			case ERROR_FILE_NOT_FOUND -> "ERROR_FILE_NOT_FOUND";
			case ERROR_ACCESS_DENIED -> "ERROR_ACCESS_DENIED";
			case ERROR_INVALID_HANDLE -> "ERROR_INVALID_HANDLE";
			case ERROR_BROKEN_PIPE -> "ERROR_BROKEN_PIPE";
			case ERROR_SEM_TIMEOUT -> "ERROR_SEM_TIMEOUT";
			case ERROR_PIPE_BUSY -> "ERROR_PIPE_BUSY";
			case ERROR_NO_DATA -> "ERROR_NO_DATA";
			case ERROR_PIPE_NOT_CONNECTED -> "ERROR_PIPE_NOT_CONNECTED";
			case ERROR_PIPE_CONNECTED -> "ERROR_PIPE_CONNECTED";
			case ERROR_OPERATION_ABORTED -> "ERROR_OPERATION_ABORTED";
			case ERROR_IO_PENDING -> "ERROR_IO_PENDING";
			case ERROR_NOT_FOUND -> "ERROR_NOT_FOUND";
			case ERROR_CANNOT_IMPERSONATE -> "ERROR_CANNOT_IMPERSONATE";
			default -> "error " + code;
		};
	}

}
