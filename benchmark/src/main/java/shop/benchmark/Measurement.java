package shop.benchmark;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * What one target did under one load, summed over its interleaved slices: latencies from each request's intended
 * start (microseconds), how many requests were sent and how many failed of each kind, the time spent, and the CPU
 * ticks each watched process used and the collections each watched JVM made meanwhile.
 */
public final class Measurement {

	private final Histogram latencyMicros = new Histogram(3);

	private final Map<String, Long> cpuTicks = new LinkedHashMap<>();

	private final Map<String, GcPauses> gcPauses = new LinkedHashMap<>();

	/** Failed requests by kind: the status of an unexpected answer ("503"), or what went wrong ("timeout"). */
	private final Map<String, Long> errors = new LinkedHashMap<>();

	private long sent;

	private long nanos;

	void add(Slice slice, Map<String, Long> cpuTicksUsed) {
		add(slice, cpuTicksUsed, Map.of());
	}

	void add(Slice slice, Map<String, Long> cpuTicksUsed, Map<String, GcPauses> pauses) {
		this.latencyMicros.add(slice.latencyMicros());
		this.sent += slice.sent();
		slice.errors().forEach((kind, count) -> this.errors.merge(kind, count, Long::sum));
		this.nanos += slice.nanos();
		cpuTicksUsed.forEach((process, ticks) -> this.cpuTicks.merge(process, ticks, Long::sum));
		pauses.forEach((process, gc) -> this.gcPauses.merge(process, gc, GcPauses::plus));
	}

	/** Adds another measurement of the same target (consecutive slices measured apart) to this one. */
	void addAll(Measurement other) {
		add(new Slice(other.latencyMicros, other.sent, other.errors, other.nanos), other.cpuTicks,
				other.gcPauses);
	}

	public long sent() {
		return this.sent;
	}

	public long errors() {
		return this.errors.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Answers 429 (the gateway's per-client limit): counted in {@link #errors()} too. */
	public long rateLimited() {
		return this.errors.getOrDefault(OpenLoop.RATE_LIMITED, 0L);
	}

	/** The errors by kind, the most frequent first (then by name): "503 4000, timeout 640"; empty without errors. */
	public String errorKinds() {
		return this.errors.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.map((kind) -> kind.getKey() + " " + kind.getValue())
			.collect(Collectors.joining(", "));
	}

	public double errorRate() {
		return (this.sent > 0) ? (double) errors() / this.sent : 0;
	}

	/** Latency at a percentile (0-100) in milliseconds. */
	public double percentileMillis(double percentile) {
		return this.latencyMicros.getValueAtPercentile(percentile) / 1000.0;
	}

	public double maxMillis() {
		return this.latencyMicros.getMaxValue() / 1000.0;
	}

	/** Successful answers per second over the measured time. */
	public double throughput() {
		return (this.nanos > 0) ? (this.sent - errors()) / (this.nanos / 1e9) : 0;
	}

	/** The collections of each watched JVM while this target was loaded (none read: empty). */
	public Map<String, GcPauses> gcPauses() {
		return Collections.unmodifiableMap(this.gcPauses);
	}

	/** CPU seconds each watched process spent while this target was loaded. */
	public Map<String, Double> cpuSeconds(long clockTicksPerSecond) {
		Map<String, Double> seconds = new LinkedHashMap<>();
		this.cpuTicks.forEach((process, ticks) -> seconds.put(process, (double) ticks / clockTicksPerSecond));
		return seconds;
	}

	/** CPU seconds each watched process spent per request sent, while this target was loaded. */
	public Map<String, Double> cpuSecondsPerRequest(long clockTicksPerSecond) {
		Map<String, Double> perRequest = new LinkedHashMap<>();
		this.cpuTicks.forEach((process, ticks) -> perRequest.put(process,
				(this.sent > 0) ? (double) ticks / clockTicksPerSecond / this.sent : 0));
		return perRequest;
	}

	/**
	 * CPU seconds each watched process spent per request sent, less what it spends with no load over the same time
	 * (its background work): the CPU the requests themselves cost.
	 */
	public Map<String, Double> netCpuSecondsPerRequest(long clockTicksPerSecond, IdleCpu idle) {
		Map<String, Double> perRequest = new LinkedHashMap<>();
		double seconds = this.nanos / 1e9;
		this.cpuTicks.forEach((process, ticks) -> perRequest.put(process, (this.sent > 0)
				? (ticks - idle.ticksPerSecond(process) * seconds) / clockTicksPerSecond / this.sent : 0));
		return perRequest;
	}

	/** One slice of load on one target; errors by kind, as {@link #errorKinds()} names them. */
	record Slice(Histogram latencyMicros, long sent, Map<String, Long> errors, long nanos) {
	}

}
