package dev.namedpipe.windows;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The advapi32 functions {@link JnaWin32Pipes} calls: security descriptors, tokens and
 * impersonation, several of which jna-platform does not map.
 */
interface Advapi32Pipes extends Library {

	boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString sddl, int revision,
			PointerByReference securityDescriptor, Pointer securityDescriptorSize);

	boolean ImpersonateNamedPipeClient(Pointer pipe);

	boolean RevertToSelf();

	boolean OpenThreadToken(Pointer thread, int desiredAccess, boolean openAsSelf, PointerByReference token);

	boolean OpenProcessToken(Pointer process, int desiredAccess, PointerByReference token);

	boolean GetTokenInformation(Pointer token, int informationClass, Pointer information, int length,
			IntByReference returnLength);

	boolean ConvertSidToStringSidW(Pointer sid, PointerByReference stringSid);

	boolean ConvertStringSidToSidW(WString stringSid, PointerByReference sid);

	boolean CheckTokenMembership(Pointer token, Pointer sid, IntByReference isMember);

	int GetSecurityInfo(Pointer handle, int objectType, int securityInfo, PointerByReference owner, Pointer group,
			Pointer dacl, Pointer sacl, PointerByReference securityDescriptor);

	boolean LookupAccountSidW(WString systemName, Pointer sid, Pointer name, IntByReference nameLength,
			Pointer domain, IntByReference domainLength, IntByReference use);

}
