package dev.namedpipe.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NameCache}: one lookup per id, a bounded table, no name kept from a failed lookup.
 */
class NameCacheTests {

	private final List<Long> asked = new ArrayList<>();

	@Test
	void anIdIsLookedUpOnceAndKept() {
		NameCache<Long> names = new NameCache<>(8, this::lookUp, String::valueOf);
		assertThat(names.nameOf(1000L)).isEqualTo("user1000");
		assertThat(names.nameOf(1000L)).isEqualTo("user1000");
		assertThat(this.asked).containsExactly(1000L);
	}

	@Test
	void anIdWithoutANameGetsItsFallbackAndIsNotAskedAgain() {
		NameCache<Long> names = new NameCache<>(8, this::lookUp, String::valueOf);
		assertThat(names.nameOf(7L)).isEqualTo("7");
		assertThat(names.nameOf(7L)).isEqualTo("7");
		assertThat(this.asked).containsExactly(7L);
	}

	@Test
	void aFailedLookupGetsTheFallbackAndIsAskedAgain() {
		NameCache<Long> names = new NameCache<>(8, this::lookUp, String::valueOf);
		assertThat(names.nameOf(-5L)).isEqualTo("-5");
		assertThat(names.nameOf(-5L)).isEqualTo("-5");
		assertThat(this.asked).containsExactly(-5L, -5L);
		assertThat(names.size()).isZero();
	}

	@Test
	void theTableStartsOverBeyondItsBound() {
		NameCache<Long> names = new NameCache<>(3, this::lookUp, String::valueOf);
		for (long id = 1000; id < 1010; id++) {
			names.nameOf(id);
			assertThat(names.size()).isLessThanOrEqualTo(3);
		}
		this.asked.clear();
		names.nameOf(1009L);
		names.nameOf(1000L);
		assertThat(this.asked).as("the last id kept, the first one gone").containsExactly(1000L);
	}

	// Ids from 1000 have names, smaller ones none; negative ones fail.
	private String lookUp(Long id) throws Exception {
		this.asked.add(id);
		if (id < 0) {
			throw new Exception("no database");
		}
		return (id >= 1000) ? "user" + id : null;
	}

}
