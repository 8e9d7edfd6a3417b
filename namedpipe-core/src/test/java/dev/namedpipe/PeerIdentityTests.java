package dev.namedpipe;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link PeerIdentity}: names given, or looked up on first use and kept; ids as the OS gave
 * them.
 */
class PeerIdentityTests {

	@Test
	void namesAreLookedUpOnFirstUseAndOnce() {
		CountingLookup lookup = new CountingLookup();
		PeerIdentity peer = PeerIdentity.lookingUpNames(null, OptionalLong.of(1000), OptionalLong.of(100),
				OptionalLong.of(42), lookup);
		assertThat(peer.uid()).hasValue(1000);
		assertThat(peer.gid()).hasValue(100);
		assertThat(peer.pid()).hasValue(42);
		assertThat(lookup.asked).as("ids alone ask nothing").isEmpty();
		assertThat(peer.user()).isEqualTo("user-1000");
		assertThat(peer.group()).isEqualTo("group-100");
		assertThat(peer.user()).isEqualTo("user-1000");
		assertThat(peer.toString()).isEqualTo("user-1000 (group group-100) uid=1000 gid=100 pid=42");
		assertThat(lookup.asked).containsExactly("user 1000", "group 100");
	}

	@Test
	void aSidIsKeptAndItsNameLookedUp() {
		CountingLookup lookup = new CountingLookup();
		PeerIdentity peer = PeerIdentity.lookingUpNames("S-1-5-21-1", OptionalLong.empty(), OptionalLong.empty(),
				OptionalLong.of(7), lookup);
		assertThat(peer.sid()).isEqualTo("S-1-5-21-1");
		assertThat(peer.uid()).isEmpty();
		assertThat(peer.gid()).isEmpty();
		assertThat(lookup.asked).isEmpty();
		assertThat(peer.toString()).isEqualTo("user-S-1-5-21-1 [S-1-5-21-1] pid=7");
	}

	@Test
	void givenNamesAreNotLookedUp() {
		PeerIdentity peer = new PeerIdentity("alice", null, "staff", OptionalLong.of(501), OptionalLong.of(20),
				OptionalLong.empty());
		assertThat(peer.user()).isEqualTo("alice");
		assertThat(peer.group()).isEqualTo("staff");
		assertThat(peer.pid()).isEmpty();
		assertThat(peer.toString()).isEqualTo("alice (group staff) uid=501 gid=20");
	}

	@Test
	void identitiesWithTheSameValuesAreEqualHoweverTheirNamesCame() {
		PeerIdentity given = new PeerIdentity("user-1000", null, "group-100", OptionalLong.of(1000),
				OptionalLong.of(100), OptionalLong.of(42));
		PeerIdentity lookedUp = PeerIdentity.lookingUpNames(null, OptionalLong.of(1000), OptionalLong.of(100),
				OptionalLong.of(42), new CountingLookup());
		assertThat(lookedUp).isEqualTo(given).hasSameHashCodeAs(given);
		assertThat(lookedUp).isNotEqualTo(new PeerIdentity("user-1000", null, "group-100", OptionalLong.of(1000),
				OptionalLong.of(100), OptionalLong.of(43)));
		assertThat(PeerIdentity.unknown()).isEqualTo(new PeerIdentity(null, null, null, OptionalLong.empty(),
				OptionalLong.empty(), OptionalLong.empty()));
		assertThat(PeerIdentity.unknown().toString()).isEqualTo("unknown user");
	}

	@Test
	void aNegativeIdIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeerIdentity(null, null, null, OptionalLong.of(-1), OptionalLong.empty(),
					OptionalLong.empty()))
			.withMessage("A uid is not negative: -1");
	}

	private static class CountingLookup implements PeerIdentity.NameLookup {

		final List<String> asked = new CopyOnWriteArrayList<>();

		@Override
		public String user(PeerIdentity peer) {
			String id = (peer.sid() != null) ? peer.sid() : String.valueOf(peer.uid().getAsLong());
			this.asked.add("user " + id);
			return "user-" + id;
		}

		@Override
		public @Nullable String group(PeerIdentity peer) {
			if (peer.gid().isEmpty()) {
				return null;
			}
			this.asked.add("group " + peer.gid().getAsLong());
			return "group-" + peer.gid().getAsLong();
		}

	}

}
