package dev.namedpipe;

import java.util.Objects;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Who is on the other end of a connection, as the operating system reports it. The numbers
 * are read as the connection is accepted (uid, gid and pid of a Unix peer; SID and pid of a
 * Windows client); the transport's identities look the user and group names up when they are
 * first asked for (see {@link #lookingUpNames}), so that accepting a connection never waits
 * for a user database.
 */
public final class PeerIdentity {

	private static final long ABSENT = -1;

	private static final PeerIdentity UNKNOWN = new PeerIdentity(null, null, null, OptionalLong.empty(),
			OptionalLong.empty(), OptionalLong.empty());

	private final @Nullable String sid;

	private final long uid;

	private final long gid;

	private final long pid;

	private final @Nullable NameLookup lookup;

	// Given, or looked up on first use; a race looks up twice and keeps an equal value.
	private volatile @Nullable Names names;

	/**
	 * Creates an identity whose names are known.
	 * @param user the peer's user name ({@code DOMAIN\name} on Windows), or {@code null} when
	 * the OS did not say
	 * @param sid on Windows the security identifier of the peer's user in string form
	 * ({@code S-1-5-21-...}), what access checks compare; {@code null} elsewhere or when Windows
	 * did not say
	 * @param group the peer's primary group, or {@code null} when the OS did not say
	 * @param uid the peer's numeric user id, where the OS gives it
	 * @param gid the peer's numeric primary group id, where the OS gives it
	 * @param pid the peer's process id, where the OS gives it
	 */
	public PeerIdentity(@Nullable String user, @Nullable String sid, @Nullable String group, OptionalLong uid,
			OptionalLong gid, OptionalLong pid) {
		this(sid, uid, gid, pid, null);
		this.names = new Names(user, group);
	}

	private PeerIdentity(@Nullable String sid, OptionalLong uid, OptionalLong gid, OptionalLong pid,
			@Nullable NameLookup lookup) {
		this.sid = sid;
		this.uid = idOf(uid, "uid");
		this.gid = idOf(gid, "gid");
		this.pid = idOf(pid, "pid");
		this.lookup = lookup;
	}

	/**
	 * Creates an identity whose user and group names are looked up when first asked for, once.
	 * @param sid the Windows SID of the peer's user, or {@code null}
	 * @param uid the peer's numeric user id, where the OS gives it
	 * @param gid the peer's numeric primary group id, where the OS gives it
	 * @param pid the peer's process id, where the OS gives it
	 * @param lookup gives the names of this identity's ids
	 * @return the identity
	 */
	public static PeerIdentity lookingUpNames(@Nullable String sid, OptionalLong uid, OptionalLong gid,
			OptionalLong pid, NameLookup lookup) {
		return new PeerIdentity(sid, uid, gid, pid, Objects.requireNonNull(lookup, "lookup"));
	}

	/**
	 * An identity the OS did not report.
	 * @return the unknown identity
	 */
	public static PeerIdentity unknown() {
		return UNKNOWN;
	}

	private static long idOf(OptionalLong id, String name) {
		long value = Objects.requireNonNull(id, name).orElse(ABSENT);
		if (id.isPresent() && value < 0) {
			throw new IllegalArgumentException("A " + name + " is not negative: " + value);
		}
		return value;
	}

	/**
	 * The peer's user name, looked up on first use where the transport read only its id.
	 * @return the name ({@code DOMAIN\name} on Windows, or the SID where Windows has no name for
	 * it; the uid as text where the user database has none), or {@code null} when the OS did not
	 * say
	 */
	public @Nullable String user() {
		return names().user();
	}

	/**
	 * On Windows, the security identifier of the peer's user: what access checks compare.
	 * @return the SID in string form ({@code S-1-5-21-...}), or {@code null} elsewhere or when
	 * Windows did not say
	 */
	public @Nullable String sid() {
		return this.sid;
	}

	/**
	 * The peer's primary group name, looked up on first use where the transport read only its id.
	 * @return the name (the gid as text where the group database has none), or {@code null}
	 * when the OS did not say
	 */
	public @Nullable String group() {
		return names().group();
	}

	/**
	 * The peer's numeric user id.
	 * @return the uid, where the OS gives it (Unix)
	 */
	public OptionalLong uid() {
		return present(this.uid);
	}

	/**
	 * The peer's numeric primary group id.
	 * @return the gid, where the OS gives it (Unix)
	 */
	public OptionalLong gid() {
		return present(this.gid);
	}

	/**
	 * The peer's process id; PIDs are reused, so treat it as a hint.
	 * @return the pid, where the OS gives it
	 */
	public OptionalLong pid() {
		return present(this.pid);
	}

	private static OptionalLong present(long id) {
		return (id != ABSENT) ? OptionalLong.of(id) : OptionalLong.empty();
	}

	private Names names() {
		Names known = this.names;
		if (known == null) {
			NameLookup source = Objects.requireNonNull(this.lookup);
			known = new Names(source.user(this), source.group(this));
			this.names = known;
		}
		return known;
	}

	/**
	 * Two identities are equal when they report the same user, SID, group, uid, gid and pid
	 * (names are looked up to compare them).
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof PeerIdentity that && this.uid == that.uid && this.gid == that.gid
				&& this.pid == that.pid && Objects.equals(this.sid, that.sid) && names().equals(that.names());
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.sid, this.uid, this.gid, this.pid, names());
	}

	@Override
	public String toString() {
		String user = user();
		String group = group();
		StringBuilder text = new StringBuilder((user != null) ? user : "unknown user");
		if (this.sid != null) {
			text.append(" [").append(this.sid).append(']');
		}
		if (group != null) {
			text.append(" (group ").append(group).append(')');
		}
		uid().ifPresent((id) -> text.append(" uid=").append(id));
		gid().ifPresent((id) -> text.append(" gid=").append(id));
		pid().ifPresent((id) -> text.append(" pid=").append(id));
		return text.toString();
	}

	/**
	 * Gives the names of an identity's ids: a transport's user database, asked once per
	 * identity, on the thread that first wants a name. Implementations cache by id.
	 */
	public interface NameLookup {

		/**
		 * The user name of the peer's uid or SID.
		 * @param peer the identity
		 * @return the name, or {@code null} when there is none to give
		 */
		@Nullable String user(PeerIdentity peer);

		/**
		 * The primary group name of the peer's gid.
		 * @param peer the identity
		 * @return the name, or {@code null} when there is none to give
		 */
		@Nullable String group(PeerIdentity peer);

	}

	private record Names(@Nullable String user, @Nullable String group) {

	}

}
