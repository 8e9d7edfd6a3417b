package dev.namedpipe.grpc;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.PublicApi;

/**
 * The module's public API against its committed baseline, {@code api/namedpipe-grpc.api}.
 */
class PublicApiTests {

	private final PublicApi api = PublicApi.ofModuleContaining(NamedPipeGrpcChannels.class);

	@Test
	void matchesTheCommittedBaseline() {
		this.api.assertMatches(Path.of("api", "namedpipe-grpc.api"));
	}

	@Test
	void exposesNoInternalType() {
		this.api.assertNoInternalTypeExposed();
	}

}
