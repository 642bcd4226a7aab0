package shop.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * The knee of a target: the highest arrival rate it still serves with p99 under 200 ms and at most 1 % errors. The
 * rate steps up geometrically; a target drops out of the search at its first failing step (a step that fails is
 * measured once more, and the second measurement decides).
 */
public final class KneeSearch {

	static final double P99_LIMIT_MILLIS = 200;

	static final double ERROR_LIMIT = 0.01;

	private KneeSearch() {
	}

	static boolean passes(double p99Millis, double errorRate) {
		return p99Millis < P99_LIMIT_MILLIS && errorRate <= ERROR_LIMIT;
	}

	static boolean passes(Measurement measurement) {
		return measurement.sent() > 0 && passes(measurement.percentileMillis(99), measurement.errorRate());
	}

	/** The rates of the search: start, start × factor, ..., rounded to whole requests per second. */
	static List<Double> rates(double start, double factor, int steps) {
		List<Double> rates = new ArrayList<>();
		double rate = start;
		for (int i = 0; i < steps; i++) {
			rates.add((double) Math.round(rate));
			rate *= factor;
		}
		return rates;
	}

	/**
	 * The knee from a target's steps in order: the last passing rate before the first failing one. When no step
	 * failed, the knee is at least the highest rate tried (a lower bound); when the first failed, it is below it.
	 */
	static Knee knee(List<Step> steps) {
		double knee = 0;
		for (Step step : steps) {
			if (!step.passed()) {
				return new Knee(knee, false, steps.size());
			}
			knee = step.rate();
		}
		return new Knee(knee, !steps.isEmpty(), steps.size());
	}

	/** One rate tried on one target. */
	record Step(double rate, boolean passed) {
	}

	/** Highest passing rate; {@code lowerBound} when the search stopped before any step failed. */
	public record Knee(double rate, boolean lowerBound, int steps) {

		/** "≥ 400", "400", or "< 50" when even the first step failed. */
		String describe(double firstRate) {
			if (this.rate == 0) {
				return "< " + Report.number(firstRate);
			}
			return (this.lowerBound ? "≥ " : "") + Report.number(this.rate);
		}

	}

}
