package shop.benchmark;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The markdown report of a run: machine, method, then one section per figure with its target from issue 8. */
public final class Report {

	private Report() {
	}

	public static String markdown(BenchmarkResult result) {
		StringBuilder out = new StringBuilder();
		BenchmarkOptions options = result.options();
		out.append("# Shop benchmark report\n\n");
		machine(out, result.machine(), options);
		out.append("| request | `GET /api/products/").append(result.productId()).append("` |\n");
		out.append("| Kafka producers | ").append(result.shopFacts().kafkaProducer()).append(" |\n");
		out.append("| gateway transport | ").append(result.shopFacts().nettyTransport()).append(" |\n\n");

		if (!result.processes().isEmpty()) {
			out.append("| process | port | pid | java | GC | class data |\n|---|---|---|---|---|---|\n");
			for (BenchmarkResult.ProcessFacts facts : result.processes()) {
				out.append("| ")
					.append(facts.process().name())
					.append(" | ")
					.append(facts.process().port())
					.append(" | ")
					.append(facts.process().pid())
					.append(" | ")
					.append(facts.java())
					.append(" | ")
					.append(facts.gc())
					.append(" | ")
					.append(facts.classData())
					.append(" |\n");
			}
			out.append('\n');
		}
		out.append("Open loop: requests start at fixed intervals whatever the answers, and latency counts from each ")
			.append("request's intended start (no coordinated omission). Gateway and direct are interleaved in ")
			.append(options.slice().toMillis() / 1000.0)
			.append(" s slices (A B, B A, ...) after ")
			.append(options.warmUp().toSeconds())
			.append(" s of warm-up per target. CPU is each process's user+system time from /proc while the ")
			.append("target was loaded, per request sent; the load generator (this benchmark's JVM, on the same cores) ")
			.append("is listed too, so that the sum is what a request costs the machine. GC pauses are each JVM's ")
			.append("stop-the-world collections in ")
			.append("that time (its performance counters, as jstat reads them): all pause time and how many, then the ")
			.append("full collections among them. A knee search overloads the shop on purpose, and what the overload ")
			.append("promotes to the old generation is freed only by a full collection; so that it does not fall into ")
			.append("the next measurement, each JVM is collected in full (`jcmd PID GC.run`) after every knee search.\n\n");

		g1(out, result);
		g2(out, result);
		g6(out, result);
		OrderReport.g4(out, result);
		OrderReport.g5(out, result);
		OrderReport.g8(out, result);
		TracingReport.g10(out, options, result.clockTicksPerSecond(), result.tracing());
		rateLimited(out, result);
		out.append("## Measured apart\n\n")
			.append("G7 cold start per service (plain vs AppCDS/AOT cache) is measured by ")
			.append("`./benchmark/cold-start` (it starts each service alone); command to shop ready is the launcher's ")
			.append("\"The shop is ready (started in N s)\".\n");
		return out.toString();
	}

	/** The report of {@code --tracing only}: G10 alone, which needs no running shop (only its PostgreSQL). */
	public static String tracingOnly(Machine machine, BenchmarkOptions options, long clockTicksPerSecond,
			TracingBench.Result tracing) {
		StringBuilder out = new StringBuilder("# Shop benchmark report: G10 only\n\n");
		machine(out, machine, options);
		out.append('\n');
		TracingReport.g10(out, options, clockTicksPerSecond, tracing);
		return out.toString();
	}

	/** The first rows of the header table: date, command, machine, load, load generator. */
	private static void machine(StringBuilder out, Machine machine, BenchmarkOptions options) {
		out.append("| | |\n|---|---|\n");
		out.append("| date | ")
			.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME
				.format(machine.date().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)))
			.append(" UTC |\n");
		out.append("| command | `").append(options.command()).append("` |\n");
		out.append("| machine | ")
			.append(machine.cores())
			.append(" cores, ")
			.append(fixed(machine.memoryKib() / 1024.0 / 1024.0, 1))
			.append(" GiB memory, ")
			.append(machine.os())
			.append(" |\n");
		out.append("| load average (1/5/15 min, start → end) | ").append(machine.loadAverage()).append(" |\n");
		out.append("| load generator | ").append(machine.jdk()).append(", java.net.http.HttpClient (HTTP/1.1) |\n");
	}

	private static void g1(StringBuilder out, BenchmarkResult result) {
		Measurement gateway = result.g1().get(BenchmarkResult.GATEWAY);
		Measurement direct = result.g1().get(BenchmarkResult.DIRECT);
		out.append("## G1 gateway overhead\n\n")
			.append(number(result.g1Rate()))
			.append(" req/s on each, ")
			.append(result.options().duration().toSeconds())
			.append(" s each, interleaved.\n\n");
		out.append(latencyHeader());
		out.append(latencyRow(BenchmarkResult.GATEWAY, gateway, result.clockTicksPerSecond()));
		out.append(latencyRow(BenchmarkResult.DIRECT, direct, result.clockTicksPerSecond()));
		double p50Difference = gateway.percentileMillis(50) - direct.percentileMillis(50);
		double p99Ratio = ratio(gateway.percentileMillis(99), direct.percentileMillis(99));
		out.append("\n- p50 difference (gateway − direct): **")
			.append(fixed(p50Difference, 2))
			.append(" ms** (target ≤ +1 ms: ")
			.append(verdict(p50Difference <= 1))
			.append(")\n- p99 ratio (gateway ÷ direct): **")
			.append(fixed(p99Ratio, 2))
			.append("×** (target ≤ 1.5×: ")
			.append(verdict(p99Ratio <= 1.5))
			.append(")\n\n");
	}

	private static void g2(StringBuilder out, BenchmarkResult result) {
		out.append("## G2 gateway throughput (knee)\n\n");
		if (result.kneeSteps().isEmpty()) {
			out.append("Skipped (--knee-steps 0).\n\n");
			return;
		}
		BenchmarkOptions options = result.options();
		out.append("Knee: the highest rate with p99 < ")
			.append(number(KneeSearch.P99_LIMIT_MILLIS))
			.append(" ms and errors ≤ ")
			.append(number(KneeSearch.ERROR_LIMIT * 100))
			.append(" %. Rates from ")
			.append(number(options.kneeStart()))
			.append(" req/s × ")
			.append(number(options.kneeFactor()))
			.append(" per step, at most ")
			.append(options.kneeSteps())
			.append(" steps, ")
			.append(options.kneeStepDuration().toSeconds())
			.append(" s per target per step; a target leaves the search at its first step that fails twice. Then the")
			.append(" targets are measured again, still interleaved, each at the geometric mean of its own last passing")
			.append(" and first failing rate (which becomes the new one or the other), until the two are within ")
			.append(KneeSearch.PRECISION_PERCENT)
			.append(" % of each other (those rows come last).\n\n");
		kneeTable(out, "req/s", result.kneeSteps(), result.clockTicksPerSecond());
		KneeSearch.Knee gateway = result.gatewayKnee();
		KneeSearch.Knee direct = result.directKnee();
		double first = options.kneeStart();
		out.append("\n- knee through the gateway: **")
			.append(gateway.describe(first))
			.append(" req/s**; direct: **")
			.append(direct.describe(first))
			.append(" req/s**\n- gateway ÷ direct: **")
			.append(kneeRatio(gateway, direct))
			.append("** (target ≥ 0.6)\n\n");
	}

	/** The steps of a knee search, one row per target and step. */
	static void kneeTable(StringBuilder out, String unit, List<BenchmarkResult.KneeStep> steps, long ticks) {
		kneeTable(out, unit, steps, ticks, null);
	}

	/** The knee table; with an idle baseline, each CPU figure also net of it ("gross (net N)"). */
	static void kneeTable(StringBuilder out, String unit, List<BenchmarkResult.KneeStep> steps, long ticks,
			IdleCpu idle) {
		out.append("| rate " + unit + " | target | sent | errors | p50 ms | p99 ms | answered/s | "
				+ ((idle != null) ? "CPU ms/request gross (net of idle)" : "CPU ms/request") + " | passes | GC pauses |\n")
			.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (BenchmarkResult.KneeStep step : steps) {
			step.measurements().forEach((target, m) -> out.append("| ")
				.append(number(step.rate()))
				.append(step.retry() ? " (again)" : "")
				.append(" | ")
				.append(target)
				.append(" | ")
				.append(m.sent())
				.append(" | ")
				.append(errors(m))
				.append(" | ")
				.append(fixed(m.percentileMillis(50), 2))
				.append(" | ")
				.append(fixed(m.percentileMillis(99), 2))
				.append(" | ")
				.append(fixed(m.throughput(), 1))
				.append(" | ")
				.append(cpu(m, ticks, idle))
				.append(" | ")
				.append(KneeSearch.passes(m) ? "yes" : "no")
				.append(" | ")
				.append(gc(m))
				.append(" |\n"));
		}
	}

	/** The ratio of knees, saying when it is only a bound because a search ran out of steps. */
	static String kneeRatio(KneeSearch.Knee gateway, KneeSearch.Knee direct) {
		if (direct.rate() == 0 || gateway.rate() == 0) {
			return "not measurable (a knee below the first step)";
		}
		String ratio = fixed(gateway.rate() / direct.rate(), 2);
		if (gateway.lowerBound() && direct.lowerBound()) {
			return ratio + ", both searches ran out of steps: not a ratio of knees";
		}
		if (direct.lowerBound()) {
			return "≤ " + ratio + " (the direct search ran out of steps)";
		}
		if (gateway.lowerBound()) {
			return "≥ " + ratio + " (the gateway search ran out of steps)";
		}
		return ratio + " (" + verdict(gateway.rate() / direct.rate() >= 0.6) + ")";
	}

	private static void g6(StringBuilder out, BenchmarkResult result) {
		out.append("## G6 memory after the run\n\n");
		if (result.rssKib().isEmpty()) {
			out.append("No process watched.\n\n");
			return;
		}
		out.append("| process | RSS MiB | target ≤ 300 MB |\n|---|---|---|\n");
		result.rssKib().forEach((name, kib) -> out.append("| ")
			.append(name)
			.append(" | ")
			.append(kib.isPresent() ? fixed(kib.getAsLong() / 1024.0, 0) : "gone")
			.append(" | ")
			.append(kib.isPresent() ? verdict(kib.getAsLong() * 1024 <= 300_000_000L) : "?")
			.append(" |\n"));
		out.append('\n');
	}

	private static void rateLimited(StringBuilder out, BenchmarkResult result) {
		long refused = Stream
			.concat(result.g1().values().stream(),
					result.kneeSteps().stream().flatMap((step) -> step.measurements().values().stream()))
			.mapToLong(Measurement::rateLimited)
			.sum();
		if (refused > 0) {
			out.append("**Warning:** ")
				.append(refused)
				.append(" requests were refused with 429 by the gateway's per-client limit: start the shop with ")
				.append("`SHOP_RATE_LIMIT_API_PER_SECOND=100000 SHOP_RATE_LIMIT_API_BURST=100000 ./shop-local/run` ")
				.append("to benchmark the gateway rather than its limiter.\n\n");
		}
		long orders = OrderReport.rateLimited(result);
		if (orders > 0) {
			out.append("**Warning:** ")
				.append(orders)
				.append(" order placements were refused with 429 (the per-client `api` limit, or the per-shopper ")
				.append("`order-placement` limit of 5 at once then 10 per minute): use more `--shoppers`, or start the ")
				.append("shop with `SHOP_RATE_LIMIT_ORDERS_BURST=100000 SHOP_RATE_LIMIT_ORDERS_PER_MINUTE=6000000` ")
				.append("besides the `api` ones.\n\n");
		}
	}

	static String latencyHeader() {
		return "| target | sent | errors | p50 ms | p90 ms | p99 ms | max ms | answered req/s | CPU ms/request "
				+ "| GC pauses |\n|---|---|---|---|---|---|---|---|---|---|\n";
	}

	/** The failed requests and their kinds: "0", or "4640 (503 4000, timeout 640)". */
	static String errors(Measurement m) {
		return (m.errors() == 0) ? "0" : m.errors() + " (" + m.errorKinds() + ")";
	}

	static String latencyRow(String name, Measurement m, long ticks) {
		return latencyRow(name, m, ticks, null);
	}

	static String latencyRow(String name, Measurement m, long ticks, IdleCpu idle) {
		return "| " + name + " | " + m.sent() + " | " + errors(m) + " | " + fixed(m.percentileMillis(50), 2) + " | "
				+ fixed(m.percentileMillis(90), 2) + " | " + fixed(m.percentileMillis(99), 2) + " | "
				+ fixed(m.maxMillis(), 2) + " | " + fixed(m.throughput(), 1) + " | " + cpu(m, ticks, idle) + " | " + gc(m)
				+ " |\n";
	}

	/**
	 * The collections of each watched JVM while the target was loaded, only those that paused: "api-gateway 96 ms in
	 * 14, 1 full 191 ms; product-service 40 ms in 6". "none" when no JVM paused, "n/a" when none could be read.
	 */
	static String gc(Measurement m) {
		if (m.gcPauses().isEmpty()) {
			return "n/a";
		}
		List<String> parts = new ArrayList<>();
		m.gcPauses().forEach((process, pauses) -> {
			if (pauses.any()) {
				parts.add(process + " " + pauses.describe());
			}
		});
		return parts.isEmpty() ? "none" : String.join("; ", parts);
	}

	/** CPU milliseconds per request of each watched process: "api-gateway 0.52, product-service 0.31". */
	static String cpu(Measurement m, long ticks) {
		return cpu(m, ticks, null);
	}

	/** As {@link #cpu(Measurement, long)}, each figure followed by its net of the idle baseline when there is one. */
	static String cpu(Measurement m, long ticks, IdleCpu idle) {
		Map<String, Double> perRequest = m.cpuSecondsPerRequest(ticks);
		if (perRequest.isEmpty()) {
			return "n/a";
		}
		Map<String, Double> net = (idle != null) ? m.netCpuSecondsPerRequest(ticks, idle) : Map.of();
		List<String> parts = new ArrayList<>();
		perRequest.forEach((process, seconds) -> parts.add(process + " " + fixed(seconds * 1000, 2)
				+ (net.containsKey(process) ? " (net " + fixed(net.get(process) * 1000, 2) + ")" : "")));
		return parts.stream().collect(Collectors.joining(", "));
	}

	/** CPU milliseconds per second of each process with no load: "user-service 12.0, order-service 9.5". */
	static String idle(IdleCpu idle, long ticks) {
		List<String> parts = new ArrayList<>();
		idle.millisPerSecond(ticks).forEach((process, millis) -> parts.add(process + " " + fixed(millis, 1)));
		return parts.isEmpty() ? "n/a" : String.join(", ", parts);
	}

	static String verdict(boolean met) {
		return met ? "met" : "missed";
	}

	static double ratio(double a, double b) {
		return (b > 0) ? a / b : Double.NaN;
	}

	/** A rate or a factor: whole numbers without decimals, others with one or two. */
	static String number(double value) {
		if (value == Math.rint(value)) {
			return Long.toString((long) value);
		}
		return fixed(value, 2).replaceAll("0$", "");
	}

	static String fixed(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

}
