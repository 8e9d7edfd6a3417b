package dev.namedpipe.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which a round measures its subjects: rotated by one each round, so that no
 * subject always runs first (on a cold cache, right after a warm-up) or last.
 */
final class SubjectOrder {

	private SubjectOrder() {
	}

	static <T> List<T> forRound(List<T> subjects, int round) {
		List<T> order = new ArrayList<>(subjects);
		if (!order.isEmpty()) {
			Collections.rotate(order, -(round % order.size()));
		}
		return order;
	}

}
