package dev.namedpipe.windows;

import java.util.regex.Pattern;

import dev.namedpipe.NamedPipeTransportOptions;

/**
 * Decides the security descriptor of a listener's instances, in SDDL.
 *
 * <p>Current-user-only (the default) gives one allow entry, full control, to the user
 * running this process, names that user owner, and protects the DACL from inheritance: no
 * other principal, not even administrators or SYSTEM, may connect or create instances. An
 * explicit SID is used rather than "OW" because an elevated administrator's owner is the
 * Administrators group. A configured descriptor is used as it is; with neither, Windows'
 * default DACL applies (full control for SYSTEM, Administrators and the owner, read for
 * Everyone and Anonymous, no instance creation for them).
 */
final class PipeSecurity {

	private static final Pattern SID = Pattern.compile("S-1-\\d+(-\\d+)+");

	private PipeSecurity() {
	}

	/**
	 * The descriptor for a listener.
	 * @param options the listener's options
	 * @param currentUserSid the SID of the user running this process
	 * @return the SDDL, or {@code null} for Windows' default descriptor
	 */
	static String sddlFor(NamedPipeTransportOptions options, String currentUserSid) {
		if (options.currentUserOnly()) {
			return currentUserOnly(currentUserSid);
		}
		return options.securityDescriptor();
	}

	/**
	 * The descriptor granting the pipe to one user alone.
	 * @param sid the user's SID
	 * @return the SDDL
	 * @throws IllegalArgumentException if {@code sid} is not a SID in string form
	 */
	static String currentUserOnly(String sid) {
		if (sid == null || !SID.matcher(sid).matches()) {
			throw new IllegalArgumentException("Not a security identifier: '" + sid + "'");
		}
		return "O:" + sid + "D:P(A;;GA;;;" + sid + ")";
	}

}
