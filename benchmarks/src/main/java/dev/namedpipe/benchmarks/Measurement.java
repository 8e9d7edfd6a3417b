package dev.namedpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples of one subject in one scenario, one per round.
 */
final class Measurement {

	private final String scenario;

	private final String subject;

	private final String unit;

	private final boolean higherIsBetter;

	private final List<Double> samples = new ArrayList<>();

	Measurement(String scenario, String subject, String unit, boolean higherIsBetter) {
		this.scenario = scenario;
		this.subject = subject;
		this.unit = unit;
		this.higherIsBetter = higherIsBetter;
	}

	void add(double sample) {
		this.samples.add(sample);
	}

	String scenario() {
		return this.scenario;
	}

	String subject() {
		return this.subject;
	}

	String unit() {
		return this.unit;
	}

	boolean higherIsBetter() {
		return this.higherIsBetter;
	}

	int count() {
		return this.samples.size();
	}

	double median() {
		List<Double> sorted = sorted();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	double min() {
		return sorted().get(0);
	}

	double max() {
		List<Double> sorted = sorted();
		return sorted.get(sorted.size() - 1);
	}

	private List<Double> sorted() {
		if (this.samples.isEmpty()) {
			throw new IllegalStateException("No samples for " + this.subject + " in " + this.scenario);
		}
		return this.samples.stream().sorted().toList();
	}

}
