package shop.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TracingReportTests {

	private static final String METRICS_PROCESS = "product-service (metrics only)";

	private static final String TRACED_PROCESS = "product-service (tracing)";

	@Test
	void printsBothKneesTheirRatioTheCpuPerRequestOfEachServiceAndTheExport() {
		BenchmarkOptions options = BenchmarkOptions.defaults()
			.withTracing(BenchmarkOptions.defaults().tracing().with("--tracing-knee-start", "100"));
		String report = Report.markdown(ReportTests.result(0, null, result(), options));

		assertThat(report).contains("## G10 tracing ÷ metrics only", "samples 10 % of requests",
				"`" + String.join(" ", options.tracing().jvmOptions()) + "`");
		// Both passed at 100 and 150 req/s; at 225 tracing failed twice, metrics only passed.
		assertThat(report).contains("| 225 (again) | tracing | 200 | ")
			.contains("knee with tracing: **150 req/s**; metrics only: **≥ 225 req/s**")
			.contains("throughput with tracing ÷ metrics only: **≤ 0.67 (the metrics-only search ran out of steps)**");
		// Side by side: 200 requests each, tracing 60 ticks (3 ms/request), metrics only 50 ticks (2.5 ms/request).
		assertThat(report).contains("Side by side at 75 req/s")
			.contains("| tracing | 200 | 0 | ")
			.contains("tracing **3.000 ms**, metrics only **2.500 ms**; metrics only ÷ tracing: **0.83**")
			.contains("target ≥ 0.95: missed")
			.contains("**40 traces** for 400 requests (10.0 %: the sampling), 200 spans (5.0 per trace) in 4 OTLP "
					+ "exports, 20.0 KiB of protobuf; by the metrics-only service: 0 spans");
	}

	@Test
	void theTracingOnlyReportHasTheMachineAndG10Alone() {
		BenchmarkOptions options = BenchmarkOptions.defaults().withCommand("./benchmark/run --tracing only");
		Machine machine = new Machine(2, 24_684_084, "Linux", "OpenJDK 17", "1.0 2.0 3.0 → 4.0 5.0 6.0",
				java.time.Instant.parse("2026-11-27T10:00:00Z"));
		String report = Report.tracingOnly(machine, options, 100, result());

		assertThat(report).startsWith("# Shop benchmark report: G10 only")
			.contains("| command | `./benchmark/run --tracing only` |")
			.contains("| load average (1/5/15 min, start → end) | 1.0 2.0 3.0 → 4.0 5.0 6.0 |")
			.contains("## G10 tracing ÷ metrics only", "metrics only ÷ tracing: **0.83**")
			.doesNotContain("## G1 gateway", "## G6 memory");
	}

	@Test
	void theRatioOfKneesSaysWhichSearchRanOut() {
		assertThat(TracingReport.kneeRatio(new KneeSearch.Knee(190, false, 3), new KneeSearch.Knee(200, false, 3)))
			.isEqualTo("0.95 (met)");
		assertThat(TracingReport.kneeRatio(new KneeSearch.Knee(338, true, 4), new KneeSearch.Knee(225, false, 4)))
			.isEqualTo("≥ 1.50 (the tracing search ran out of steps)");
		assertThat(TracingReport.kneeRatio(new KneeSearch.Knee(0, false, 1), new KneeSearch.Knee(100, false, 2)))
			.startsWith("not measurable");
	}

	private static TracingBench.Result result() {
		Map<String, Measurement> step = measurements(50, 50);
		Map<String, Measurement> failed = new LinkedHashMap<>(measurements(50, 50));
		failed.put(TracingBench.TRACED, measurement(TracingBench.TRACED, 250, 50));
		Map<String, Measurement> again = Map.of(TracingBench.TRACED, measurement(TracingBench.TRACED, 300, 50));
		List<BenchmarkResult.KneeStep> steps = List.of(new BenchmarkResult.KneeStep(100, false, step),
				new BenchmarkResult.KneeStep(150, false, step), new BenchmarkResult.KneeStep(225, false, failed),
				new BenchmarkResult.KneeStep(225, true, again));
		return new TracingBench.Result(0.1,
				List.of(new WatchedProcess(METRICS_PROCESS, 40001, 11), new WatchedProcess(TRACED_PROCESS, 40002, 12)),
				steps, new KneeSearch.Knee(225, true, 3), new KneeSearch.Knee(150, false, 3), 75,
				measurements(50, 60), new TracingBench.Exported(4, 40, 200, 20 * 1024), 400,
				TracingBench.Exported.NONE);
	}

	/** Both services' measurements: each used the given ticks while loaded, the other 1 tick meanwhile. */
	private static Map<String, Measurement> measurements(long metricsOnlyTicks, long tracedTicks) {
		Map<String, Measurement> measurements = new LinkedHashMap<>();
		measurements.put(TracingBench.METRICS_ONLY, measurement(TracingBench.METRICS_ONLY, 5, metricsOnlyTicks));
		measurements.put(TracingBench.TRACED, measurement(TracingBench.TRACED, 5, tracedTicks));
		return measurements;
	}

	/** 200 requests at p50 {@code 5 ms}-ish and p99 {@code p99Millis}, the loaded service using {@code ticks}. */
	private static Measurement measurement(String target, long p99Millis, long ticks) {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(5000, 150);
		latencies.recordValueWithCount(p99Millis * 1000, 50);
		Measurement measurement = new Measurement();
		Map<String, Long> cpu = new LinkedHashMap<>();
		cpu.put(METRICS_PROCESS, TracingBench.METRICS_ONLY.equals(target) ? ticks : 1);
		cpu.put(TRACED_PROCESS, TracingBench.TRACED.equals(target) ? ticks : 1);
		measurement.add(new Measurement.Slice(latencies, 200, Map.of(), Duration.ofSeconds(10).toNanos()), cpu);
		return measurement;
	}

}
