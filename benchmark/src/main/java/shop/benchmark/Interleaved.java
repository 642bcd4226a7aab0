package shop.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Loads several targets in the same run, in short alternating slices (A B, B A, A B, ...), so that whatever else the
 * machine does meanwhile falls on every target alike and cancels out of their ratios. Between slices it reads the CPU
 * time and the garbage collections of each watched process, and charges the difference to the target that was loaded.
 */
final class Interleaved {

	private final OpenLoop load;

	private final List<WatchedProcess> processes;

	private final Duration slice;

	Interleaved(OpenLoop load, List<WatchedProcess> processes, Duration slice) {
		this.load = load;
		this.processes = processes;
		this.slice = slice;
	}

	/** Each target gets {@code perTarget} of load at the rate, in slices; nothing is kept (warm-up). */
	void warmUp(List<Target> targets, double rate, Duration perTarget) {
		run(targets, rate, perTarget);
	}

	/** The CPU each watched process uses over {@code window} with no load sent. */
	IdleCpu idle(Duration window) {
		Map<String, Long> before = cpuTicks();
		long start = System.nanoTime();
		try {
			Thread.sleep(window.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return new IdleCpu(difference(before, cpuTicks()), System.nanoTime() - start);
	}

	Map<String, Measurement> run(List<Target> targets, double rate, Duration perTarget) {
		Map<Target, Double> rates = new LinkedHashMap<>();
		targets.forEach((target) -> rates.put(target, rate));
		return run(rates, perTarget);
	}

	/** As {@link #run(List, double, Duration)}, each target at its own rate (a knee search narrowing each knee). */
	Map<String, Measurement> run(Map<Target, Double> rates, Duration perTarget) {
		List<Target> targets = List.copyOf(rates.keySet());
		Map<String, Measurement> measurements = new LinkedHashMap<>();
		targets.forEach((target) -> measurements.put(target.name(), new Measurement()));
		int rounds = rounds(perTarget, this.slice);
		Duration sliceLength = perTarget.dividedBy(rounds);
		for (int round = 0; round < rounds; round++) {
			for (Target target : order(targets, round)) {
				Map<String, Long> before = cpuTicks();
				Map<String, GcPauses> gcBefore = gcPauses();
				Measurement.Slice result = this.load.run(target.requests(), rates.get(target), sliceLength);
				measurements.get(target.name())
					.add(result, difference(before, cpuTicks()), gcDifference(gcBefore, gcPauses()));
			}
		}
		return measurements;
	}

	/**
	 * A full collection of each watched JVM ({@code jcmd PID GC.run}), after a knee search. The search overloads the
	 * shop on purpose: queued requests outlive young collections and are promoted, and the serial collector frees that
	 * old garbage only in a full collection (0.2-0.5 s on two busy cores), which would otherwise stop a process in the
	 * middle of the next measurement. The GC pauses of each measurement still show every pause inside it.
	 */
	void collectGarbage() {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		if (!Files.isExecutable(jcmd)) {
			Benchmark.progress("no %s (a JRE runs the benchmark): the JVMs are not collected between phases", jcmd);
			return;
		}
		for (WatchedProcess process : this.processes) {
			try {
				Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (!gc.waitFor(30, TimeUnit.SECONDS)) {
					gc.destroyForcibly();
				}
			}
			catch (IOException ex) {
				Benchmark.progress("could not collect %s: %s", process.name(), ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** How many slices of at most {@code slice} make up {@code perTarget}; at least one. */
	static int rounds(Duration perTarget, Duration slice) {
		return (int) Math.max(1, (perTarget.toMillis() + slice.toMillis() - 1) / slice.toMillis());
	}

	/** The targets in order on even rounds and reversed on odd ones: no target always follows the same one. */
	static <T> List<T> order(List<T> targets, int round) {
		if (round % 2 == 0) {
			return targets;
		}
		List<T> reversed = new ArrayList<>(targets);
		Collections.reverse(reversed);
		return reversed;
	}

	private Map<String, Long> cpuTicks() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		for (WatchedProcess process : this.processes) {
			OptionalLong used = ProcFs.readCpuTicks(process.pid());
			if (used.isPresent()) {
				ticks.put(process.name(), used.getAsLong());
			}
		}
		return ticks;
	}

	/** The collections each watched JVM has made so far (read from its performance counters; none when hidden). */
	private Map<String, GcPauses> gcPauses() {
		Map<String, GcPauses> pauses = new LinkedHashMap<>();
		for (WatchedProcess process : this.processes) {
			GcPauses.read(process.pid()).ifPresent((gc) -> pauses.put(process.name(), gc));
		}
		return pauses;
	}

	private static Map<String, GcPauses> gcDifference(Map<String, GcPauses> before, Map<String, GcPauses> after) {
		Map<String, GcPauses> made = new LinkedHashMap<>();
		after.forEach((process, gc) -> {
			if (before.containsKey(process)) {
				made.put(process, gc.minus(before.get(process)));
			}
		});
		return made;
	}

	private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> used = new LinkedHashMap<>();
		after.forEach((process, ticks) -> {
			if (before.containsKey(process)) {
				used.put(process, ticks - before.get(process));
			}
		});
		return used;
	}

}
