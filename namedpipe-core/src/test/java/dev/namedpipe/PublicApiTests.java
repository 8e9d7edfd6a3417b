package dev.namedpipe;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.PublicApi;

/**
 * The module's public API against its committed baseline, {@code api/namedpipe-core.api}.
 */
class PublicApiTests {

	private final PublicApi api = PublicApi.ofModuleContaining(NamedPipeTransport.class);

	@Test
	void matchesTheCommittedBaseline() {
		this.api.assertMatches(Path.of("api", "namedpipe-core.api"));
	}

	@Test
	void exposesNoInternalType() {
		this.api.assertNoInternalTypeExposed();
	}

}
