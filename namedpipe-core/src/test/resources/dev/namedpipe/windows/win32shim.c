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
static int account_lookups;

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
int shim_account_lookups(void) { return account_lookups; }

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

static BOOL fail_on(HANDLE handle, void *overlapped, int error) {
	last_pointers[0] = handle;
	last_pointers[3] = overlapped;
	errno = error;
	return 0;
}

BOOL CancelIoEx(HANDLE file, void *overlapped) {
	return fail_on(file, overlapped, 1168);
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

/* TokenUser's SID is S-1-5-32, TokenOwner's S-1-5-32-544 (BUILTIN\Administrators). */
static const unsigned char sid_bytes[12] = { 1, 1, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0 };
static const unsigned char owner_sid_bytes[16] = { 1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0 };
static wchar_t *sid_string;
static void *binary_sid;
static HANDLE closed_handle;
static HANDLE membership_token;
static int token_open;

void *shim_sid_string(void) { return sid_string; }
void *shim_binary_sid(void) { return binary_sid; }
HANDLE shim_closed_handle(void) { return closed_handle; }
HANDLE shim_membership_token(void) { return membership_token; }
int shim_token_open(void) { return token_open; }

void *LocalFree(void *memory) {
	last_pointers[0] = memory;
	if (memory != NULL && memory == descriptor) {
		free(descriptor);
		descriptor = NULL;
	}
	if (memory != NULL && memory == sid_string) {
		free(sid_string);
		sid_string = NULL;
	}
	if (memory != NULL && memory == binary_sid) {
		free(binary_sid);
		binary_sid = NULL;
	}
	return NULL;
}

HANDLE GetCurrentProcess(void) { return (HANDLE) (intptr_t) -1; }

HANDLE GetCurrentThread(void) { return (HANDLE) (intptr_t) -2; }

static BOOL open_token(HANDLE owner, DWORD access, HANDLE *token, intptr_t value) {
	last_pointers[1] = owner;
	last_args[0] = access;
	token_open = 1;
	*token = (HANDLE) value;
	return 1;
}

BOOL OpenProcessToken(HANDLE process, DWORD access, HANDLE *token) {
	return open_token(process, access, token, 0x77);
}

BOOL OpenThreadToken(HANDLE thread, DWORD access, BOOL openAsSelf, HANDLE *token) {
	last_args[1] = openAsSelf;
	return open_token(thread, access, token, 0x78);
}

/* TOKEN_USER: SID_AND_ATTRIBUTES { PSID Sid; DWORD Attributes; }; TOKEN_OWNER: { PSID Owner; };
 * the SID after it in the same buffer. */
BOOL GetTokenInformation(HANDLE token, int informationClass, void *information, DWORD length, DWORD *returned) {
	last_args[2] = informationClass;
	const unsigned char *source = informationClass == 4 ? owner_sid_bytes : sid_bytes;
	size_t size = informationClass == 4 ? sizeof(owner_sid_bytes) : sizeof(sid_bytes);
	size_t header = 2 * sizeof(void *);
	*returned = header + size;
	if (length < *returned) {
		errno = 122;
		return 0;
	}
	unsigned char *sid = (unsigned char *) information + header;
	memcpy(sid, source, size);
	*(void **) information = sid;
	*(DWORD *) ((char *) information + sizeof(void *)) = 0;
	return 1;
}

BOOL ConvertSidToStringSidW(void *sid, wchar_t **text) {
	const wchar_t *value;
	if (memcmp(sid, sid_bytes, sizeof(sid_bytes)) == 0) {
		value = L"S-1-5-32";
	}
	else if (memcmp(sid, owner_sid_bytes, sizeof(owner_sid_bytes)) == 0) {
		value = L"S-1-5-32-544";
	}
	else {
		errno = 1337;
		return 0;
	}
	sid_string = malloc(64 * sizeof(wchar_t));
	wcscpy(sid_string, value);
	*text = sid_string;
	return 1;
}

/* Returns its error code, as GetSecurityInfo does, leaving errno alone (set to 1337 to show
 * that the code comes from the return value). The owner points into the descriptor. */
DWORD GetSecurityInfo(HANDLE handle, int objectType, DWORD securityInfo, void **owner, void **group, void **dacl,
		void **sacl, void **securityDescriptor) {
	last_pointers[1] = handle;
	last_args[0] = objectType;
	last_args[1] = securityInfo;
	last_args[2] = (group != NULL) + (dacl != NULL) + (sacl != NULL);
	if (fail_errno != 0) {
		DWORD error = fail_errno;
		fail_errno = 0;
		errno = 1337;
		return error;
	}
	descriptor = malloc(20 + sizeof(owner_sid_bytes));
	memcpy((char *) descriptor + 20, owner_sid_bytes, sizeof(owner_sid_bytes));
	*owner = (char *) descriptor + 20;
	*securityDescriptor = descriptor;
	return 0;
}

BOOL ConvertStringSidToSidW(const wchar_t *text, void **sid) {
	wcsncpy(last_name, text, 511);
	const unsigned char *source;
	size_t size;
	if (wcscmp(text, L"S-1-5-32") == 0) {
		source = sid_bytes;
		size = sizeof(sid_bytes);
	}
	else if (wcscmp(text, L"S-1-5-32-544") == 0) {
		source = owner_sid_bytes;
		size = sizeof(owner_sid_bytes);
	}
	else {
		errno = 1337;
		return 0;
	}
	binary_sid = malloc(size);
	memcpy(binary_sid, source, size);
	*sid = binary_sid;
	return 1;
}

/* The thread token has the owner's SID enabled, not the user's. */
BOOL CheckTokenMembership(HANDLE token, void *sid, BOOL *member) {
	membership_token = token;
	if (sid != binary_sid) {
		errno = 87;
		return 0;
	}
	*member = memcmp(sid, owner_sid_bytes, sizeof(owner_sid_bytes)) == 0;
	return 1;
}

BOOL LookupAccountSidW(const wchar_t *system, void *sid, wchar_t *name, DWORD *nameLength, wchar_t *domain,
		DWORD *domainLength, int *use) {
	account_lookups++;
	if (system != NULL || *nameLength < 6 || *domainLength < 5) {
		errno = 122;
		return 0;
	}
	int owner = memcmp(sid, owner_sid_bytes, sizeof(owner_sid_bytes)) == 0;
	if (owner && (*nameLength < 15 || *domainLength < 8)) {
		errno = 122;
		return 0;
	}
	wcscpy(name, owner ? L"Administrators" : L"alice");
	wcscpy(domain, owner ? L"BUILTIN" : L"CORP");
	*nameLength = wcslen(name);
	*domainLength = wcslen(domain);
	*use = owner ? 4 : 1;
	return 1;
}

BOOL CloseHandle(HANDLE handle) {
	closed_handle = handle;
	if (handle == (HANDLE) (intptr_t) 0x77 || handle == (HANDLE) (intptr_t) 0x78) {
		token_open = 0;
	}
	return 1;
}

BOOL GetNamedPipeClientProcessId(HANDLE pipe, DWORD *processId) {
	last_pointers[0] = pipe;
	*processId = 4000000000u;
	return 1;
}

HANDLE CreateIoCompletionPort(HANDLE file, HANDLE existing, uintptr_t key, DWORD threads) {
	last_pointers[0] = file;
	last_pointers[1] = existing;
	last_args[0] = (DWORD) key;
	last_args[1] = threads;
	return existing != NULL ? existing : (HANDLE) (intptr_t) 0x55;
}

BOOL PostQueuedCompletionStatus(HANDLE port, DWORD bytes, uintptr_t key, void *overlapped) {
	last_pointers[0] = port;
	last_pointers[3] = overlapped;
	last_args[0] = bytes;
	last_args[1] = (DWORD) key;
	return 1;
}

BOOL ConnectNamedPipe(HANDLE pipe, void *overlapped) {
	return fail_on(pipe, overlapped, 535);
}

BOOL ImpersonateNamedPipeClient(HANDLE pipe) {
	last_pointers[0] = pipe;
	errno = 1368;
	return 0;
}

BOOL WaitNamedPipeW(const wchar_t *name, DWORD millis) {
	wcsncpy(last_name, name, 511);
	last_args[0] = millis;
	errno = 121;
	return 0;
}
