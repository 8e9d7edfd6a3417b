package dev.namedpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectOrderTests {

	@Test
	void everySubjectRunsFirstOnceInAsManyRoundsAsThereAreSubjects() {
		List<String> subjects = List.of("ours", "raw", "netty", "tcp");
		List<String> firsts = new ArrayList<>();
		for (int round = 0; round < subjects.size(); round++) {
			List<String> order = SubjectOrder.forRound(subjects, round);
			assertThat(order).containsExactlyInAnyOrderElementsOf(subjects);
			firsts.add(order.get(0));
		}
		assertThat(firsts).containsExactlyElementsOf(subjects);
		assertThat(SubjectOrder.forRound(subjects, 5)).containsExactly("raw", "netty", "tcp", "ours");
	}

	@Test
	void theSubjectsListIsLeftAsItIs() {
		List<String> subjects = new ArrayList<>(List.of("a", "b"));
		SubjectOrder.forRound(subjects, 1);
		assertThat(subjects).containsExactly("a", "b");
	}

}
