package shop.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The knee of a target: the highest arrival rate it still serves with p99 under 200 ms and at most 1 % errors. The
 * rate steps up geometrically; a target drops out of the search at its first failing step (a step that fails is
 * measured once more, and the second measurement decides). Then the rates between its last passing and its first
 * failing step are halved (geometrically) until the two are within {@value #PRECISION_PERCENT} % of each other: a
 * factor of 1.5 alone leaves a knee anywhere in a third of its value, and a ratio of two knees (G2, G10) then jumps
 * between 0.44 and 0.67 from one run to the next.
 */
public final class KneeSearch {

	static final double P99_LIMIT_MILLIS = 200;

	static final double ERROR_LIMIT = 0.01;

	/** How close the last passing and the first failing rate end up, in percent of the passing one. */
	static final int PRECISION_PERCENT = 10;

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
	 * The knee from a target's steps: the highest passing rate below its lowest failing one. When no step failed, the
	 * knee is at least the highest rate tried (a lower bound); when the lowest rate failed, it is below it.
	 */
	static Knee knee(List<Step> steps) {
		double lowestFailure = lowestFailure(steps);
		double knee = highestPassBelow(steps, lowestFailure);
		return new Knee(knee, !steps.isEmpty() && lowestFailure == Double.POSITIVE_INFINITY, steps.size());
	}

	/**
	 * The next rate to try between the highest passing and the lowest failing rate (their geometric mean), or none
	 * when there is no such pair or the two are already within {@value #PRECISION_PERCENT} % of each other.
	 */
	static OptionalDouble between(List<Step> steps) {
		double failing = lowestFailure(steps);
		double passing = highestPassBelow(steps, failing);
		if (passing == 0 || failing == Double.POSITIVE_INFINITY
				|| failing <= passing * (1 + PRECISION_PERCENT / 100.0)) {
			return OptionalDouble.empty();
		}
		double next = Math.round(Math.sqrt(passing * failing));
		return (next > passing && next < failing) ? OptionalDouble.of(next) : OptionalDouble.empty();
	}

	private static double lowestFailure(List<Step> steps) {
		return steps.stream()
			.filter((step) -> !step.passed())
			.mapToDouble(Step::rate)
			.min()
			.orElse(Double.POSITIVE_INFINITY);
	}

	private static double highestPassBelow(List<Step> steps, double limit) {
		return steps.stream()
			.filter((step) -> step.passed() && step.rate() < limit)
			.mapToDouble(Step::rate)
			.max()
			.orElse(0);
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
