package shop.benchmark;

import java.time.Duration;

/**
 * When each request of an open-loop load is meant to start: request {@code i} at {@code start + i / rate}, whatever
 * happened to the requests before it. Latency is measured from this intended start, so a stalled server (or a
 * stalled load generator) shows up as latency instead of as requests that were never sent (coordinated omission).
 */
record ArrivalSchedule(long startNanos, double ratePerSecond, Duration duration) {

	ArrivalSchedule {
		if (!(ratePerSecond > 0)) {
			throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
		}
	}

	/** How many requests start within the duration. */
	long count() {
		return (long) Math.floor(this.duration.toNanos() / 1e9 * this.ratePerSecond + 1e-9);
	}

	/** The intended start of request {@code i} (0-based), on the {@link System#nanoTime()} clock. */
	long intendedStart(long i) {
		return this.startNanos + Math.round(i * 1e9 / this.ratePerSecond);
	}

}
