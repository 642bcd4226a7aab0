package shop.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * G8: product-service is down for a while under order load, then the backlog drains. "Down" is a freeze
 * ({@code kill -STOP}, then {@code -CONT}): to the rest of the shop a frozen process is as dead as a killed one (no
 * answers, health checks fail, its Kafka consumer misses its session), but it stays the launcher's own process, so a
 * benchmark against a user-started shop leaves nothing behind that {@code ./shop-local/run} would not stop. Orders keep
 * arriving at the same rate all along; user-service accepts them unchecked once its product-service breaker opens, and
 * their UserPlacedOrder events wait in Kafka. Drain rate: orders whose stock outcome arrived from the resume until the
 * backlog is gone (at most {@code drainLimit}), per second; arrival rate: orders accepted per second during the outage.
 */
final class OutageBench {

	private OutageBench() {
	}

	static Result run(Interleaved interleaved, Target orders, OrderLoad load, List<WatchedProcess> frozen, double rate,
			Duration outage, String kafka) {
		if (frozen.isEmpty()) {
			throw new IllegalStateException("G8 needs the product-service process(es) to freeze: none watched "
					+ "(--processes product-service=8082, or --outage 0)");
		}
		Duration drainLimit = outage.multipliedBy(2);
		Thread resumeOnExit = new Thread(() -> signal("CONT", frozen), "benchmark-resume-product-service");
		Runtime.getRuntime().addShutdownHook(resumeOnExit);
		try (EventWatch watch = new EventWatch(kafka)) {
			load.onAccepted(watch::accepted);
			Benchmark.progress("G8: product-service frozen for %d s under %s orders/s", outage.toSeconds(),
					Report.number(rate));
			signal("STOP", frozen);
			Measurement during;
			try {
				during = interleaved.run(List.of(orders), rate, outage).get(OrderBench.ORDERS);
			}
			finally {
				signal("CONT", frozen);
			}
			long resumed = System.nanoTime();
			long machineBefore = ProcFs.machineBusyTicks();
			long postgresBefore = ProcFs.postgresCpuTicks();
			long backlog = watch.outstanding();
			long seenAtResume = watch.ordersSeen();
			Benchmark.progress("G8: product-service resumed with %d orders waiting; draining under the same load",
					backlog);
			// The load goes on in one-second slices until the waiting orders are down to what is normally in flight.
			long threshold = Math.max(2, Math.round(rate / 4));
			Measurement whileDraining = new Measurement();
			while (watch.outstanding() > threshold && System.nanoTime() - resumed < drainLimit.toNanos()) {
				whileDraining.addAll(interleaved.run(List.of(orders), rate, Duration.ofSeconds(1)).get(OrderBench.ORDERS));
			}
			double drainSeconds = (System.nanoTime() - resumed) / 1e9;
			long machineAfter = ProcFs.machineBusyTicks();
			long postgresAfter = ProcFs.postgresCpuTicks();
			// What the processes the benchmark watches do not show: PostgreSQL, the broker, the kernel.
			DrainMachine machine = new DrainMachine(ProcFs.ticksBetween(machineBefore, machineAfter),
					ProcFs.ticksBetween(postgresBefore, postgresAfter));
			long drained = watch.ordersSeen() - seenAtResume;
			boolean cleared = watch.outstanding() <= threshold;
			load.onAccepted((order, nanos) -> {
			});
			watch.finish(Duration.ofSeconds(5));
			return new Result(outage, rate, during, backlog, drained, drainSeconds, cleared, drainLimit, whileDraining,
					machine);
		}
		finally {
			Runtime.getRuntime().removeShutdownHook(resumeOnExit);
		}
	}

	/** The product-service processes among the watched ones. */
	static List<WatchedProcess> productServices(List<WatchedProcess> processes) {
		return processes.stream().filter((process) -> process.name().startsWith("product-service")).toList();
	}

	private static void signal(String signal, List<WatchedProcess> processes) {
		for (WatchedProcess process : processes) {
			try {
				Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
				kill.waitFor();
			}
			catch (IOException ex) {
				throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * What G8 saw.
	 *
	 * @param outage how long product-service was frozen
	 * @param rate the order arrival rate asked for
	 * @param duringOutage the order requests while it was frozen
	 * @param backlog accepted orders without a stock outcome when it resumed
	 * @param drained outcomes that arrived from the resume to the end of the drain
	 * @param drainSeconds from the resume until the backlog was gone (or the limit)
	 * @param cleared whether the backlog was gone within the limit
	 * @param drainLimit the most the drain was given
	 * @param whileDraining the order requests after the resume (they arrive on top of the backlog), with each
	 * process's CPU and GC pauses during the drain
	 * @param machine the whole machine's and PostgreSQL's CPU during the drain
	 */
	record Result(Duration outage, double rate, Measurement duringOutage, long backlog, long drained,
			double drainSeconds, boolean cleared, Duration drainLimit, Measurement whileDraining,
			DrainMachine machine) {

		long acceptedWhileDraining() {
			return this.whileDraining.sent() - this.whileDraining.errors();
		}

		double arrivalRate() {
			return (this.duringOutage.sent() - this.duringOutage.errors()) / (double) this.outage.toSeconds();
		}

		double drainRate() {
			return (this.drainSeconds > 0) ? this.drained / this.drainSeconds : 0;
		}

	}

	/**
	 * CPU ticks spent during the drain by the whole machine (/proc/stat, busy time of every CPU) and by PostgreSQL's
	 * processes; -1 where they could not be read.
	 */
	record DrainMachine(long busyTicks, long postgresTicks) {
	}

}
