package dev.namedpipe.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Tests for {@link MissingToolsListener} and {@link MissingToolsSummary}: a test class run by
 * a launcher of its own, which registers the listener through {@code ServiceLoader} as
 * surefire's does.
 */
class MissingToolsListenerTests {

	private static final Path FIXTURE_FILE = MissingToolsListener.DIRECTORY.resolve(Fixture.class.getName() + ".txt");

	@AfterEach
	void deleteFixtureFile() throws Exception {
		Files.deleteIfExists(FIXTURE_FILE);
	}

	@Test
	void skipsForAMissingToolAreRecordedPerClassAndSummarizedPerTool() throws Exception {
		run(true);

		assertThat(Files.readAllLines(FIXTURE_FILE)).containsExactlyInAnyOrder(
				Fixture.class.getName() + ".needsGcc: " + Fixture.GCC_MISSING,
				Fixture.class.getName() + ".needsGccToo: " + Fixture.GCC_MISSING,
				Fixture.class.getName() + ".needsRoot: " + Fixture.ROOT_MISSING);
		String summary = MissingToolsSummary.of(MissingToolsListener.DIRECTORY, Instant.EPOCH);
		assertThat(summary).startsWith("Skipped for a missing tool or root")
			.contains("  " + Fixture.GCC_MISSING + ": 2 skipped\n", "  " + Fixture.ROOT_MISSING + ": 1 skipped\n",
					"      " + Fixture.class.getName() + ".needsRoot\n")
			.doesNotContain(".runs\n", ".abortedForAnotherReason\n");
	}

	@Test
	void aClassThatRunsAgainWithNothingMissingLosesItsFile() throws Exception {
		run(true);
		assertThat(FIXTURE_FILE).exists();

		run(false);

		assertThat(FIXTURE_FILE).doesNotExist();
		assertThat(MissingToolsSummary.of(MissingToolsListener.DIRECTORY, Instant.EPOCH)).isEmpty();
	}

	@Test
	void filesOfAnEarlierBuildAreLeftOut() throws Exception {
		run(true);

		Instant later = Files.getLastModifiedTime(FIXTURE_FILE).toInstant().plusSeconds(1);
		assertThat(MissingToolsSummary.of(MissingToolsListener.DIRECTORY, later)).isEmpty();
	}

	private static void run(boolean toolsMissing) {
		Fixture.toolsMissing = toolsMissing;
		LauncherFactory.create()
			.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build());
	}

	static class Fixture {

		static final String GCC_MISSING = "Missing tool: gcc not found on PATH: apt-get install gcc";

		static final String ROOT_MISSING = "Needs root: a test: run the tests as root, as CI does";

		static volatile boolean toolsMissing;

		@Test
		void needsGcc() {
			missing(GCC_MISSING);
		}

		@Test
		void needsGccToo() {
			missing(GCC_MISSING);
		}

		@Test
		void needsRoot() {
			missing(ROOT_MISSING);
		}

		@Test
		void runs() {
		}

		@Test
		void abortedForAnotherReason() {
			Assumptions.abort("not a tool");
		}

		private static void missing(String message) {
			if (toolsMissing) {
				throw new MissingToolException(message);
			}
		}

	}

}
