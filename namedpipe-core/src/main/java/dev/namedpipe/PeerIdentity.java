package dev.namedpipe;

import java.util.Objects;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Who is on the other end of a connection, as the operating system reports it.
 *
 * @param user the peer's user name ({@code DOMAIN\name} on Windows), or {@code null} when
 * the OS did not say
 * @param sid on Windows the security identifier of the peer's user in string form
 * ({@code S-1-5-21-...}), what access checks compare; {@code null} elsewhere or when Windows
 * did not say
 * @param group the peer's primary group, or {@code null} when the OS did not say
 * @param uid the peer's numeric user id, where the OS gives it
 * @param pid the peer's process id, where the OS gives it (PIDs are reused: treat as a hint)
 */
public record PeerIdentity(@Nullable String user, @Nullable String sid, @Nullable String group, OptionalLong uid,
		OptionalLong pid) {

	private static final PeerIdentity UNKNOWN = new PeerIdentity(null, null, null, OptionalLong.empty(),
			OptionalLong.empty());

	/**
	 * Creates an identity.
	 */
	public PeerIdentity {
		Objects.requireNonNull(uid, "uid");
		Objects.requireNonNull(pid, "pid");
	}

	/**
	 * An identity the OS did not report.
	 * @return the unknown identity
	 */
	public static PeerIdentity unknown() {
		return UNKNOWN;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder((this.user != null) ? this.user : "unknown user");
		if (this.sid != null) {
			text.append(" [").append(this.sid).append(']');
		}
		if (this.group != null) {
			text.append(" (group ").append(this.group).append(')');
		}
		this.uid.ifPresent((id) -> text.append(" uid=").append(id));
		this.pid.ifPresent((id) -> text.append(" pid=").append(id));
		return text.toString();
	}

}
