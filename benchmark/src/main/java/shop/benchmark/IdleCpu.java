package shop.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each watched process spends with no load at all: Kafka consumer polls, the outbox's staleness and
 * resubmission scans, Consul checks and re-registration checks, metrics, the JIT. At a few orders per second this
 * background is a large share of a process's CPU, so CPU per order is reported gross (all of it divided by the
 * orders) and net (less this baseline over the same time).
 *
 * @param ticks CPU ticks each process used in the window
 * @param nanos the window's length
 */
record IdleCpu(Map<String, Long> ticks, long nanos) {

	IdleCpu {
		ticks = Collections.unmodifiableMap(new LinkedHashMap<>(ticks));
	}

	/** CPU ticks per second of a process while idle; 0 for a process not measured. */
	double ticksPerSecond(String process) {
		return (this.nanos > 0) ? this.ticks.getOrDefault(process, 0L) / (this.nanos / 1e9) : 0;
	}

	/** CPU milliseconds per second of each process while idle. */
	Map<String, Double> millisPerSecond(long clockTicksPerSecond) {
		Map<String, Double> perSecond = new LinkedHashMap<>();
		this.ticks.keySet()
			.forEach((process) -> perSecond.put(process, ticksPerSecond(process) * 1000 / clockTicksPerSecond));
		return perSecond;
	}

}
