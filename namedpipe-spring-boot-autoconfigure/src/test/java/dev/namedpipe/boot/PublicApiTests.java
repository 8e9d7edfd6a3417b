package dev.namedpipe.boot;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.PublicApi;

/**
 * The module's public API against its committed baseline,
 * {@code api/namedpipe-spring-boot-autoconfigure.api}.
 */
class PublicApiTests {

	private final PublicApi api = PublicApi.ofModuleContaining(NamedPipeEndpoints.class);

	@Test
	void matchesTheCommittedBaseline() {
		this.api.assertMatches(Path.of("api", "namedpipe-spring-boot-autoconfigure.api"));
	}

	@Test
	void exposesNoInternalType() {
		this.api.assertNoInternalTypeExposed();
	}

}
