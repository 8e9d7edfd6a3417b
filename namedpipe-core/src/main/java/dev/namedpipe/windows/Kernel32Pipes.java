package dev.namedpipe.windows;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The kernel32 functions {@link JnaWin32Pipes} calls, mapped with raw pointers: OVERLAPPEDs
 * and buffers are native memory the caller owns, never Structures or arrays that JNA would
 * copy for the duration of one call. Errors are read with {@code Native.getLastError()}.
 */
interface Kernel32Pipes extends Library {

	Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, int defaultTimeOut, WinBase.SECURITY_ATTRIBUTES securityAttributes);

	boolean ConnectNamedPipe(Pointer pipe, Pointer overlapped);

	boolean DisconnectNamedPipe(Pointer pipe);

	boolean ReadFile(Pointer file, Pointer buffer, int bytesToRead, Pointer bytesRead, Pointer overlapped);

	boolean WriteFile(Pointer file, Pointer buffer, int bytesToWrite, Pointer bytesWritten, Pointer overlapped);

	boolean CancelIoEx(Pointer file, Pointer overlapped);

	boolean CloseHandle(Pointer handle);

	Pointer CreateIoCompletionPort(Pointer file, Pointer existingPort, Pointer completionKey, int concurrentThreads);

	boolean GetQueuedCompletionStatus(Pointer port, IntByReference bytesTransferred, PointerByReference completionKey,
			PointerByReference overlapped, int millis);

	boolean PostQueuedCompletionStatus(Pointer port, int bytesTransferred, Pointer completionKey, Pointer overlapped);

	boolean GetNamedPipeClientProcessId(Pointer pipe, IntByReference processId);

	boolean GetNamedPipeServerProcessId(Pointer pipe, IntByReference processId);

	Pointer CreateFileW(WString name, int desiredAccess, int shareMode, Pointer securityAttributes,
			int creationDisposition, int flagsAndAttributes, Pointer templateFile);

	boolean WaitNamedPipeW(WString name, int timeOut);

	Pointer LocalFree(Pointer memory);

	Pointer GetCurrentProcess();

	Pointer GetCurrentThread();

}
