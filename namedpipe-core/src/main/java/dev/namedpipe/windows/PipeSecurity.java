package dev.namedpipe.windows;

import java.util.regex.Pattern;

import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Decides the security descriptor of a listener's instances, in SDDL.
 *
 * <p>Current-user-only (the default) does what .NET's {@code PipeOptions.CurrentUserOnly}
 * does: the owner of this process's token (TokenOwner, {@code WindowsIdentity.Owner}) is
 * made owner of the pipe and given the one allow entry of a protected DACL, with .NET's
 * {@code PipeAccessRights.FullControl} (which includes creating further instances). .NET
 * clients with {@code CurrentUserOnly} accept a pipe only if its owner is their own token
 * owner, hence the owner and not the user (TokenUser).
 *
 * <p>The entry admits a token that has the owner SID as its user or as an enabled group. For
 * a standard user the owner is the user: that user's processes get in, elevated ones too.
 * For an elevated administrator it is BUILTIN\Administrators: elevated processes of any
 * administrator get in (SYSTEM too), the same user's non-elevated processes do not. A
 * configured descriptor is used as it is; with neither, Windows' default DACL applies (full
 * control for SYSTEM, Administrators and the owner, read for Everyone and Anonymous, no
 * instance creation for them).
 */
final class PipeSecurity {

	// .NET's PipeAccessRights.FullControl: every pipe right with DELETE, READ_CONTROL,
	// WRITE_DAC, WRITE_OWNER and SYNCHRONIZE. GA would become FILE_ALL_ACCESS (0x1F01FF),
	// which adds FILE_EXECUTE and FILE_DELETE_CHILD, meaningless on a pipe.
	private static final String FULL_CONTROL = "0x1f019f";

	private static final Pattern SID = Pattern.compile("S-1-\\d+(-\\d+)+");

	private PipeSecurity() {
	}

	/**
	 * The descriptor for a listener.
	 * @param options the listener's options
	 * @param tokenOwnerSid the SID of this process's token owner
	 * @return the SDDL, or {@code null} for Windows' default descriptor
	 */
	static String sddlFor(NamedPipeTransportOptions options, String tokenOwnerSid) {
		if (options.currentUserOnly()) {
			return currentUserOnly(tokenOwnerSid);
		}
		return options.securityDescriptor();
	}

	/**
	 * The descriptor owned by one principal and granting the pipe to it alone.
	 * @param sid the principal's SID, the token owner's for current-user-only
	 * @return the SDDL
	 * @throws IllegalArgumentException if {@code sid} is not a SID in string form
	 */
	static String currentUserOnly(String sid) {
		if (sid == null || !SID.matcher(sid).matches()) {
			throw new IllegalArgumentException("Not a security identifier: '" + sid + "'");
		}
		return "O:" + sid + "D:P(A;;" + FULL_CONTROL + ";;;" + sid + ")";
	}

}
