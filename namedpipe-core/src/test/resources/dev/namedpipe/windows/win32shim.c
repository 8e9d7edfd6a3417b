/*
 * A stand-in for kernel32/advapi32 with the same exported names and signatures, built by
 * JnaWin32PipesShimTests on Linux: it records what JNA passed and returns scripted
 * results, setting errno where Windows would set the last error. It checks marshalling
 * (names, flags, pointers, structure layout, last-error handling), not Windows' behaviour.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef int BOOL;
typedef uint32_t DWORD;
typedef void *HANDLE;

typedef struct {
	DWORD nLength;
	void *lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES;

static wchar_t last_name[512];
static DWORD last_args[8];
static int sa_present;
static SECURITY_ATTRIBUTES last_sa;
static void *last_pointers[4];
static unsigned char last_data[4];
static int fail_errno;
static BOOL completion_ok;
static void *completion_overlapped;
static DWORD completion_bytes;
static uintptr_t completion_key;
static int completion_errno;
static void *descriptor;

static HANDLE result_handle(void) {
	if (fail_errno != 0) {
		errno = fail_errno;
		fail_errno = 0;
		return (HANDLE) (intptr_t) -1;
	}
	return (HANDLE) (intptr_t) 0x1234;
}

void shim_fail_next(int error) { fail_errno = error; }
const wchar_t *shim_name(void) { return last_name; }
DWORD shim_arg(int index) { return last_args[index]; }
int shim_sa_present(void) { return sa_present; }
DWORD shim_sa_length(void) { return last_sa.nLength; }
void *shim_sa_descriptor(void) { return last_sa.lpSecurityDescriptor; }
BOOL shim_sa_inherit(void) { return last_sa.bInheritHandle; }
DWORD shim_sizeof_sa(void) { return sizeof(SECURITY_ATTRIBUTES); }
void *shim_pointer(int index) { return last_pointers[index]; }
int shim_data(int index) { return last_data[index]; }
void *shim_descriptor(void) { return descriptor; }

void shim_script_completion(BOOL ok, void *overlapped, DWORD bytes, uintptr_t key, int error) {
	completion_ok = ok;
	completion_overlapped = overlapped;
	completion_bytes = bytes;
	completion_key = key;
	completion_errno = error;
}

HANDLE CreateNamedPipeW(const wchar_t *name, DWORD openMode, DWORD pipeMode, DWORD maxInstances, DWORD outSize,
		DWORD inSize, DWORD timeout, SECURITY_ATTRIBUTES *attributes) {
	wcsncpy(last_name, name, 511);
	DWORD args[] = { openMode, pipeMode, maxInstances, outSize, inSize, timeout };
	memcpy(last_args, args, sizeof(args));
	sa_present = attributes != NULL;
	if (attributes != NULL) {
		last_sa = *attributes;
	}
	return result_handle();
}

BOOL ReadFile(HANDLE file, void *buffer, DWORD count, DWORD *done, void *overlapped) {
	last_pointers[0] = file;
	last_pointers[1] = buffer;
	last_pointers[2] = done;
	last_pointers[3] = overlapped;
	last_args[0] = count;
	memcpy(buffer, "\x01\x02\x03\x04", count < 4 ? count : 4);
	errno = 997;
	return 0;
}

BOOL WriteFile(HANDLE file, const void *buffer, DWORD count, DWORD *done, void *overlapped) {
	last_pointers[0] = file;
	last_pointers[1] = (void *) buffer;
	last_pointers[2] = done;
	last_pointers[3] = overlapped;
	last_args[0] = count;
	memcpy(last_data, buffer, count < 4 ? count : 4);
	return 1;
}

BOOL CancelIoEx(HANDLE file, void *overlapped) {
	last_pointers[0] = file;
	last_pointers[3] = overlapped;
	errno = 1168;
	return 0;
}

BOOL GetQueuedCompletionStatus(HANDLE port, DWORD *bytes, uintptr_t *key, void **overlapped, DWORD millis) {
	last_pointers[0] = port;
	last_args[0] = millis;
	*bytes = completion_bytes;
	*key = completion_key;
	*overlapped = completion_overlapped;
	if (!completion_ok) {
		errno = completion_errno;
	}
	return completion_ok;
}

HANDLE CreateFileW(const wchar_t *name, DWORD access, DWORD share, void *attributes, DWORD disposition, DWORD flags,
		HANDLE template) {
	wcsncpy(last_name, name, 511);
	DWORD args[] = { access, share, disposition, flags };
	memcpy(last_args, args, sizeof(args));
	last_pointers[0] = attributes;
	last_pointers[1] = template;
	return result_handle();
}

BOOL ConvertStringSecurityDescriptorToSecurityDescriptorW(const wchar_t *sddl, DWORD revision, void **result,
		DWORD *size) {
	wcsncpy(last_name, sddl, 511);
	last_args[0] = revision;
	last_pointers[2] = size;
	descriptor = malloc(16);
	*result = descriptor;
	return 1;
}

void *LocalFree(void *memory) {
	last_pointers[0] = memory;
	if (memory == descriptor) {
		free(descriptor);
		descriptor = NULL;
	}
	return NULL;
}
