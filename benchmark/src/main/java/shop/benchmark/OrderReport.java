package shop.benchmark;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import static shop.benchmark.Report.fixed;
import static shop.benchmark.Report.number;
import static shop.benchmark.Report.verdict;

/** The report's G4 (order placement ÷ pgbench) and G5 (event latency ÷ raw Kafka) sections. */
final class OrderReport {

	private OrderReport() {
	}

	static void g4(StringBuilder out, BenchmarkResult result) {
		out.append("## G4 order placement ÷ pgbench\n\n");
		OrderBench.Result orders = result.orders();
		if (orders == null) {
			out.append("Skipped (--orders off).\n\n");
			return;
		}
		OrderOptions options = result.options().orders();
		long ticks = result.clockTicksPerSecond();
		out.append("`POST /api/orders` through the gateway, ")
			.append(orders.shoppers())
			.append(" shoppers in turn, each order one unit of one of ")
			.append(orders.products())
			.append(" products with its own Idempotency-Key; accepted = 202. Knee as in G2 (p99 < ")
			.append(number(KneeSearch.P99_LIMIT_MILLIS))
			.append(" ms, errors ≤ ")
			.append(number(KneeSearch.ERROR_LIMIT * 100))
			.append(" %), from ")
			.append(number(options.kneeStart()))
			.append(" orders/s × ")
			.append(number(options.kneeFactor()))
			.append(", ")
			.append(options.kneeStep().toSeconds())
			.append(" s per step.\n\n");
		out.append("Idle baseline, ")
			.append(fixed(orders.idle().nanos() / 1e9, 1))
			.append(" s with no load after the warm-up, CPU ms per second: ")
			.append(Report.idle(orders.idle(), ticks))
			.append(". At a few orders per second this background (Kafka polls, outbox scans, Consul checks, ")
			.append("metrics, the JIT) is much of each process's CPU, so the CPU per order is given gross (all of it ")
			.append("÷ orders) and net (less the idle rate over the same time).\n\n");
		Report.kneeTable(out, "orders/s", orders.kneeSteps(), ticks, orders.idle());
		out.append("\npgbench runs the SQL of one placement (the order request row, the advisory lock and purchase-limit ")
			.append("sum, the order line, the outbox row in one transaction, then the outbox row's delete after the send; ")
			.append("benchmark/src/main/resources/shop/benchmark/order-placement.pgbench.sql) on a scratch database made ")
			.append("from user-service's Flyway migrations on the same PostgreSQL, ")
			.append(options.pgbenchClients())
			.append(" clients, ")
			.append(options.pgbenchDuration().toSeconds())
			.append(" s, just before and just after the order knee search:\n\n");
		out.append("| pgbench | transactions | failed | TPS | PostgreSQL CPU ms/transaction |\n|---|---|---|---|---|\n");
		pgbenchRow(out, "before", orders.pgbenchBefore(), ticks);
		pgbenchRow(out, "after", orders.pgbenchAfter(), ticks);
		out.append("\n- order knee: **")
			.append(orders.knee().describe(options.kneeStart()))
			.append(" orders/s**; pgbench: **")
			.append(fixed(orders.pgbenchTps(), 1))
			.append(" TPS** (mean of the two runs)\n- knee ÷ pgbench: **")
			.append(ratio(orders.knee(), orders.pgbenchTps(), options.kneeStart()))
			.append("** (target ≥ 0.5)\n\n");
	}

	/** The G4 ratio, saying when it is only a bound because the search ran out of steps. */
	static String ratio(KneeSearch.Knee knee, double pgbenchTps, double firstRate) {
		if (pgbenchTps <= 0) {
			return "not measurable (no pgbench figure)";
		}
		if (knee.rate() == 0) {
			return "< " + fixed(firstRate / pgbenchTps, 3) + " (the knee is below the first step): missed";
		}
		double ratio = knee.rate() / pgbenchTps;
		if (knee.lowerBound()) {
			return "≥ " + fixed(ratio, 3) + " (the order search ran out of steps)"
					+ ((ratio >= 0.5) ? ": met" : "");
		}
		return fixed(ratio, 3) + " (" + verdict(ratio >= 0.5) + ")";
	}

	private static void pgbenchRow(StringBuilder out, String name, PgBench.Run run, long ticks) {
		out.append("| ")
			.append(name)
			.append(" | ")
			.append(run.transactions())
			.append(" | ")
			.append(run.failed())
			.append(" | ")
			.append(fixed(run.tps(), 1))
			.append(" | ")
			.append(run.cpuSecondsPerTransaction(ticks).stream()
				.mapToObj((seconds) -> fixed(seconds * 1000, 3))
				.findFirst()
				.orElse("n/a (PostgreSQL processes not visible)"))
			.append(" |\n");
	}

	static void g5(StringBuilder out, BenchmarkResult result) {
		out.append("## G5 event latency\n\n");
		OrderBench.Result orders = result.orders();
		if (orders == null) {
			out.append("Skipped (--orders off).\n\n");
			return;
		}
		OrderOptions options = result.options().orders();
		EventWatch.Result events = orders.events();
		out.append(number(orders.g5Rate()))
			.append(" orders/s (half the order knee, or of the first step when the knee is below it) for ")
			.append(options.g5Duration().toSeconds())
			.append(" s. An order is final when product-service publishes its stock outcome (StockReserved or ")
			.append("StockRejected on `")
			.append(EventWatch.OUTCOMES)
			.append("`, which order-service turns into CONFIRMED or REJECTED); a Kafka consumer in the benchmark ")
			.append("(read_committed, like the shop's) times each from its 202 to that record. In the same window a raw ")
			.append("probe sends ")
			.append(number(options.probeRate()))
			.append(" records/s (acks=all, idempotent, like the shop's producers) to `")
			.append(EventWatch.PROBE)
			.append("` on the same broker, read by the same consumer.\n\n");
		out.append(Report.latencyHeader());
		out.append(Report.latencyRow("POST /api/orders", orders.g5Orders(), result.clockTicksPerSecond(),
				orders.idle()));
		out.append("\n| events | seen | not seen in time | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
		eventRow(out, "order 202 → stock outcome", events.ordersSeen(), events.ordersUnseen(), events.orderMicros());
		eventRow(out, "raw Kafka produce → consume", events.probesSent() - events.probesUnseen(), events.probesUnseen(),
				events.probeMicros());
		double p99 = events.orderMillis(99);
		double ratio = Report.ratio(p99, events.probeMillis(99));
		out.append("\n- order → final state p50 **")
			.append(fixed(events.orderMillis(50), 2))
			.append(" ms**, p99 **")
			.append(fixed(p99, 2))
			.append(" ms** (target ≤ 100 ms: ")
			.append((events.ordersSeen() > 0) ? verdict(p99 <= 100 && events.ordersUnseen() == 0) : "not measured")
			.append(")\n- p99 ÷ raw Kafka p99: **")
			.append(fixed(ratio, 1))
			.append("×** (target ≤ 10×: ")
			.append(Double.isNaN(ratio) ? "not measured" : verdict(ratio <= 10))
			.append(")\n\n");
	}

	private static void eventRow(StringBuilder out, String name, long seen, long unseen, Histogram micros) {
		out.append("| ").append(name).append(" | ").append(seen).append(" | ").append(unseen);
		for (double percentile : new double[] { 50, 90, 99, 100 }) {
			out.append(" | ").append(fixed(micros.getValueAtPercentile(percentile) / 1000.0, 2));
		}
		out.append(" |\n");
	}

	static void g8(StringBuilder out, BenchmarkResult result) {
		out.append("## G8 backlog drain after product-service is down\n\n");
		OrderBench.Result orders = result.orders();
		OutageBench.Result outage = (orders != null) ? orders.outage() : null;
		if (outage == null) {
			out.append((orders == null) ? "Skipped (--orders off).\n\n"
					: "Skipped (--outage 0; skipped at smoke size): `--outage 60` freezes product-service for 60 s.\n\n");
			return;
		}
		out.append("product-service frozen (`kill -STOP`, then `-CONT`: to the shop as dead as a killed process, but ")
			.append("still the launcher's own) for ")
			.append(outage.outage().toSeconds())
			.append(" s while orders keep arriving at ")
			.append(number(outage.rate()))
			.append(" orders/s, and after. Drain: stock outcomes per second from the resume until the waiting orders ")
			.append("are down to what is normally in flight (at most ")
			.append(outage.drainLimit().toSeconds())
			.append(" s).\n\n");
		out.append(Report.latencyHeader());
		out.append(Report.latencyRow("POST /api/orders while down", outage.duringOutage(), result.clockTicksPerSecond()));
		out.append(Report.latencyRow("POST /api/orders while draining", outage.whileDraining(),
				result.clockTicksPerSecond()));
		out.append("\n| accepted while down | waiting at resume | drained | accepted while draining | drain s | ")
			.append("arrival orders/s | drain outcomes/s |\n|---|---|---|---|---|---|---|\n| ")
			.append(outage.duringOutage().sent() - outage.duringOutage().errors())
			.append(" | ")
			.append(outage.backlog())
			.append(" | ")
			.append(outage.drained())
			.append(" | ")
			.append(outage.acceptedWhileDraining())
			.append(" | ")
			.append(fixed(outage.drainSeconds(), 1))
			.append(outage.cleared() ? "" : " (not cleared)")
			.append(" | ")
			.append(fixed(outage.arrivalRate(), 1))
			.append(" | ")
			.append(fixed(outage.drainRate(), 1))
			.append(" |\n");
		double ratio = Report.ratio(outage.drainRate(), outage.arrivalRate());
		out.append("\n- drain ÷ arrival: **")
			.append(fixed(ratio, 1))
			.append("×** (target ≥ 5×: ")
			.append(Double.isNaN(ratio) ? "not measured" : verdict(ratio >= 5 && outage.cleared()))
			.append(outage.cleared() ? "" : "; the backlog was not cleared within the limit")
			.append(")\n");
		drainCpu(out, outage, result.clockTicksPerSecond(), result.machine().cores());
		out.append('\n');
	}

	/**
	 * What the drain cost each process, and how many of the machine's cores were busy: where they all are, the drain
	 * rate is what the CPU left over by the arriving orders allows.
	 */
	private static void drainCpu(StringBuilder out, OutageBench.Result outage, long clockTicksPerSecond, int cores) {
		Map<String, Double> seconds = outage.whileDraining().cpuSeconds(clockTicksPerSecond);
		if (seconds.isEmpty() || outage.drainSeconds() <= 0) {
			return;
		}
		double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
		out.append("- CPU while draining (")
			.append(fixed(outage.drainSeconds(), 1))
			.append(" s): ")
			.append(seconds.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + " " + fixed(entry.getValue(), 1) + " s")
				.collect(Collectors.joining(", ")))
			.append("; the watched processes kept **")
			.append(fixed(total / outage.drainSeconds(), 2))
			.append(" of ")
			.append(cores)
			.append(" cores** busy");
		OutageBench.DrainMachine machine = outage.machine();
		if (machine.busyTicks() >= 0) {
			out.append(", the whole machine **")
				.append(fixed(cores(machine.busyTicks(), clockTicksPerSecond, outage.drainSeconds()), 2))
				.append("** (/proc/stat");
			if (machine.postgresTicks() >= 0) {
				out.append("; PostgreSQL ")
					.append(fixed(cores(machine.postgresTicks(), clockTicksPerSecond, outage.drainSeconds()), 2));
			}
			out.append(')');
		}
		boolean productWatched = seconds.keySet().stream().anyMatch((name) -> name.startsWith("product-service"));
		double product = seconds.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("product-service"))
			.mapToDouble(Map.Entry::getValue)
			.sum();
		if (productWatched && outage.drained() > 0) {
			out.append("; product-service ")
				.append(fixed(product * 1000 / outage.drained(), 2))
				.append(" ms per drained outcome");
		}
		out.append('\n');
	}

	/** How many cores the ticks kept busy on average over the seconds. */
	private static double cores(long ticks, long clockTicksPerSecond, double seconds) {
		return ticks / (double) clockTicksPerSecond / seconds;
	}

	/** Order requests the gateway refused with 429 in G4 and G5. */
	static long rateLimited(BenchmarkResult result) {
		OrderBench.Result orders = result.orders();
		if (orders == null) {
			return 0;
		}
		return Stream
			.concat(Stream.of(orders.g5Orders()),
					orders.kneeSteps().stream().flatMap((step) -> step.measurements().values().stream()))
			.mapToLong(Measurement::rateLimited)
			.sum();
	}

}
