package dev.namedpipe.benchmarks;

import org.junit.jupiter.api.Test;

import dev.namedpipe.benchmarks.BenchmarkMain.Scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScenarioSelectionTests {

	@Test
	void emptySelectionRunsEveryScenario() {
		assertThat(Scenario.parse("")).containsExactly(Scenario.values());
	}

	@Test
	void namesAreCaseInsensitiveAndMayBeSpaced() {
		assertThat(Scenario.parse("echo, HTTP")).containsExactly(Scenario.ECHO, Scenario.HTTP);
	}

	@Test
	void unknownNameIsRefusedWithTheSettingAndTheKnownNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> Scenario.parse("echo,speed"))
			.withMessageContaining("'speed'")
			.withMessageContaining("benchmark.scenarios")
			.withMessageContaining("CONNECTIONS");
	}

}
