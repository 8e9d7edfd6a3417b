package dev.namedpipe.boot.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.PeerIdentity;

/**
 * The default {@link PeerAuthoritiesMapper}: every peer gets {@value #PEER}, a peer of the
 * server's own user also {@value #OWNER}, and a peer whose primary group the OS reports
 * {@value #GROUP_PREFIX} followed by the group's name (such as {@code PIPE_GROUP_staff}).
 */
public final class DefaultPeerAuthoritiesMapper implements PeerAuthoritiesMapper {

	/** The authority of every peer. */
	public static final String PEER = "ROLE_PIPE_PEER";

	/** The authority of a peer that is the server's own user. */
	public static final String OWNER = "ROLE_PIPE_OWNER";

	/** The prefix of the authority naming a peer's primary group. */
	public static final String GROUP_PREFIX = "PIPE_GROUP_";

	private final String serverUser;

	/**
	 * Creates a mapper.
	 * @param serverUser the user a peer must be to be the owner, as {@link PeerIdentity#user()}
	 * names it ({@code DOMAIN\name} on Windows)
	 */
	public DefaultPeerAuthoritiesMapper(String serverUser) {
		this.serverUser = Objects.requireNonNull(serverUser, "serverUser");
	}

	/**
	 * A mapper whose owner is the user this process runs as: {@code user.name}, with
	 * {@code USERDOMAIN\} before it on Windows.
	 * @return the mapper
	 */
	public static DefaultPeerAuthoritiesMapper forCurrentUser() {
		String user = System.getProperty("user.name");
		return new DefaultPeerAuthoritiesMapper(
				NamedPipePlatform.current().isWindows() ? System.getenv("USERDOMAIN") + "\\" + user : user);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities(PeerIdentity peer) {
		List<GrantedAuthority> authorities = new ArrayList<>(3);
		authorities.add(new SimpleGrantedAuthority(PEER));
		if (this.serverUser.equals(peer.user())) {
			authorities.add(new SimpleGrantedAuthority(OWNER));
		}
		if (peer.group() != null) {
			authorities.add(new SimpleGrantedAuthority(GROUP_PREFIX + peer.group()));
		}
		return authorities;
	}

}
