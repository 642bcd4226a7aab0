package shop.benchmark;

import static shop.benchmark.Report.fixed;
import static shop.benchmark.Report.number;
import static shop.benchmark.Report.verdict;

/** The report's G10 section: tracing at the shipped sampling ÷ metrics only. */
final class TracingReport {

	static final double TARGET = 0.95;

	private TracingReport() {
	}

	static void g10(StringBuilder out, BenchmarkOptions benchmark, long ticks, TracingBench.Result tracing) {
		out.append("## G10 tracing ÷ metrics only\n\n");
		if (tracing == null) {
			out.append("Skipped (--tracing off; the smoke size skips it).\n\n");
			return;
		}
		TracingOptions options = benchmark.tracing();
		out.append("Two product-service processes started by the benchmark from the built jar (`")
			.append(String.join(" ", options.jvmOptions()))
			.append("`), alone (no Consul, Kafka at a closed port) on a scratch catalog database with one product: **")
			.append(TracingBench.TRACED)
			.append("** samples ")
			.append(number(tracing.sampling() * 100))
			.append(" % of requests and exports them over OTLP/HTTP to the benchmark's receiver; **")
			.append(TracingBench.METRICS_ONLY)
			.append("** samples nothing and neither exports nor propagates (`SHOP_TRACING_SAMPLING=0`, ")
			.append("`MANAGEMENT_TRACING_EXPORT_ENABLED=false`). Both get the same GET in alternating slices, after ")
			.append(options.warmUp().toSeconds())
			.append(" s of warm-up each; CPU is each service's own per request.\n\n");
		if (!tracing.kneeSteps().isEmpty()) {
			out.append("Knee as in G2, from ")
				.append(number(options.kneeStart()))
				.append(" req/s × ")
				.append(number(options.kneeFactor()))
				.append(", at most ")
				.append(options.kneeSteps())
				.append(" steps of ")
				.append(options.kneeStep().toSeconds())
				.append(" s per service:\n\n");
			Report.kneeTable(out, "req/s", tracing.kneeSteps(), ticks);
			out.append('\n');
		}
		out.append("Side by side at ")
			.append(number(tracing.rate()))
			.append(" req/s, ")
			.append(options.duration().toSeconds())
			.append(" s each:\n\n");
		out.append(Report.latencyHeader());
		tracing.sideBySide().forEach((target, m) -> out.append(Report.latencyRow(target, m, ticks)));
		double tracedCpu = tracing.cpuSecondsPerRequest(tracing.sideBySide().get(TracingBench.TRACED),
				TracingBench.TRACED, ticks);
		double metricsCpu = tracing.cpuSecondsPerRequest(tracing.sideBySide().get(TracingBench.METRICS_ONLY),
				TracingBench.METRICS_ONLY, ticks);
		double cpuRatio = Report.ratio(metricsCpu, tracedCpu);
		TracingBench.Exported exported = tracing.exported();
		out.append('\n');
		if (!tracing.kneeSteps().isEmpty()) {
			out.append("- knee with tracing: **")
				.append(tracing.tracedKnee().describe(options.kneeStart()))
				.append(" req/s**; metrics only: **")
				.append(tracing.metricsOnlyKnee().describe(options.kneeStart()))
				.append(" req/s**\n- throughput with tracing ÷ metrics only: **")
				.append(kneeRatio(tracing.tracedKnee(), tracing.metricsOnlyKnee()))
				.append("** (target ≥ ")
				.append(number(TARGET))
				.append(")\n");
		}
		out.append("- CPU per request at ")
			.append(number(tracing.rate()))
			.append(" req/s: tracing **")
			.append(fixed(tracedCpu * 1000, 3))
			.append(" ms**, metrics only **")
			.append(fixed(metricsCpu * 1000, 3))
			.append(" ms**; metrics only ÷ tracing: **")
			.append(fixed(cpuRatio, 2))
			.append("** (the throughput ratio where CPU bounds it, as on two cores; target ≥ ")
			.append(number(TARGET))
			.append(": ")
			.append(verdict(cpuRatio >= TARGET))
			.append(")\n- exported by the traced service while measured: **")
			.append(exported.traces())
			.append(" traces** for ")
			.append(tracing.tracedRequests())
			.append(" requests (")
			.append(fixed(Report.ratio(exported.traces() * 100.0, tracing.tracedRequests()), 1))
			.append(" %: the sampling), ")
			.append(exported.spans())
			.append(" spans (")
			.append(fixed(Report.ratio(exported.spans(), exported.traces()), 1))
			.append(" per trace) in ")
			.append(exported.exports())
			.append(" OTLP exports, ")
			.append(fixed(exported.bytes() / 1024.0, 1))
			.append(" KiB of protobuf; by the metrics-only service: ")
			.append(tracing.leaked().spans())
			.append(" spans\n\n");
	}

	/** The ratio of knees, saying when it is only a bound because a search ran out of steps. */
	static String kneeRatio(KneeSearch.Knee traced, KneeSearch.Knee metricsOnly) {
		if (traced.rate() == 0 || metricsOnly.rate() == 0) {
			return "not measurable (a knee below the first step)";
		}
		double ratio = traced.rate() / metricsOnly.rate();
		if (traced.lowerBound() && metricsOnly.lowerBound()) {
			return fixed(ratio, 2) + ", both searches ran out of steps: not a ratio of knees";
		}
		if (metricsOnly.lowerBound()) {
			return "≤ " + fixed(ratio, 2) + " (the metrics-only search ran out of steps)";
		}
		if (traced.lowerBound()) {
			return "≥ " + fixed(ratio, 2) + " (the tracing search ran out of steps)";
		}
		return fixed(ratio, 2) + " (" + verdict(ratio >= TARGET) + ")";
	}

}
