package shop.benchmark;

import java.util.Map;
import java.util.Optional;

/**
 * The stop-the-world collections of one JVM: how many and how long, young (and, with G1, concurrent-cycle pauses)
 * apart from full ones. A full collection of the serial collector stops the application for 0.2-0.5 s on this
 * machine, which alone can decide a p99; the report shows them beside each measurement so that a latency figure can be
 * told apart from a pause that happened to fall into its window.
 *
 * @param count collections that were not full
 * @param nanos their pause time
 * @param fullCount full collections
 * @param fullNanos their pause time
 */
public record GcPauses(long count, long nanos, long fullCount, long fullNanos) {

	static final GcPauses NONE = new GcPauses(0, 0, 0, 0);

	/**
	 * From a JVM's performance counters: collector 1 is the full collector of Serial, Parallel and G1 alike (MSC,
	 * PSMarkSweep, "G1 full collection pauses"); the others (young, and G1's remark and cleanup) pause too.
	 */
	static GcPauses from(Map<String, Long> counters) {
		long frequency = counters.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
		long count = 0;
		long nanos = 0;
		for (int collector = 0; counters.containsKey("sun.gc.collector." + collector + ".invocations"); collector++) {
			if (collector != 1) {
				count += counters.get("sun.gc.collector." + collector + ".invocations");
				nanos += toNanos(counters.get("sun.gc.collector." + collector + ".time"), frequency);
			}
		}
		return new GcPauses(count, nanos, counters.getOrDefault("sun.gc.collector.1.invocations", 0L),
				toNanos(counters.getOrDefault("sun.gc.collector.1.time", 0L), frequency));
	}

	static Optional<GcPauses> read(long pid) {
		return HsPerfData.read(pid).map(GcPauses::from);
	}

	GcPauses plus(GcPauses other) {
		return new GcPauses(this.count + other.count, this.nanos + other.nanos, this.fullCount + other.fullCount,
				this.fullNanos + other.fullNanos);
	}

	GcPauses minus(GcPauses earlier) {
		return new GcPauses(this.count - earlier.count, this.nanos - earlier.nanos, this.fullCount - earlier.fullCount,
				this.fullNanos - earlier.fullNanos);
	}

	boolean any() {
		return this.count > 0 || this.fullCount > 0;
	}

	/** "96 ms in 14" or "287 ms in 15, 1 full 191 ms": all pause time first, then the full collections in it. */
	String describe() {
		String all = Math.round((this.nanos + this.fullNanos) / 1e6) + " ms in " + (this.count + this.fullCount);
		if (this.fullCount == 0) {
			return all;
		}
		return all + ", " + this.fullCount + " full " + Math.round(this.fullNanos / 1e6) + " ms";
	}

	private static long toNanos(Long ticks, long frequency) {
		return (ticks == null) ? 0 : Math.round(ticks * (1e9 / frequency));
	}

}
