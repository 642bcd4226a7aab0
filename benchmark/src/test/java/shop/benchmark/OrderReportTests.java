package shop.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderReportTests {

	@Test
	void g4ComparesTheOrderKneeWithTheMeanOfBothPgbenchRuns() {
		StringBuilder out = new StringBuilder();
		OrderReport.g4(out, ReportTests.result(0, orders(new KneeSearch.Knee(150, false, 4), 0)));

		// 150 ÷ mean(280, 320) = 0.5.
		assertThat(out).contains("| before | 2800 | 0 | 280.0 | 0.500 |")
			.contains("order knee: **150 orders/s**; pgbench: **300.0 TPS**")
			.contains("knee ÷ pgbench: **0.500 (met)** (target ≥ 0.5)")
			.contains("| 100 | orders | 200 | 0 | ");
		assertThat(OrderReport.ratio(new KneeSearch.Knee(100, false, 3), 300, 10)).isEqualTo("0.333 (missed)");
		assertThat(OrderReport.ratio(new KneeSearch.Knee(100, true, 3), 300, 10)).startsWith("≥ 0.333");
		assertThat(OrderReport.ratio(new KneeSearch.Knee(0, false, 1), 300, 10))
			.isEqualTo("< 0.033 (the knee is below the first step): missed");
		assertThat(OrderReport.ratio(new KneeSearch.Knee(100, false, 3), 0, 10)).startsWith("not measurable");
	}

	@Test
	void g4GivesCpuPerOrderGrossAndNetOfTheIdleBaseline() {
		StringBuilder out = new StringBuilder();
		OrderReport.g4(out, ReportTests.result(0, orders(new KneeSearch.Knee(150, false, 4), 0)));

		// 50 ticks in 2 s for 200 orders: 2.5 ms each; idle 10 ticks/s is 20 of them, so 1.5 ms net.
		assertThat(out).contains("CPU ms per second: user-service 100.0.")
			.contains("CPU ms/request gross (net of idle)")
			.contains("| user-service 2.50 (net 1.50) | yes |");
	}

	@Test
	void g5GivesP99AgainstTheTargetAndTheRatioToRawKafka() {
		StringBuilder out = new StringBuilder();
		OrderReport.g5(out, ReportTests.result(0, orders(new KneeSearch.Knee(150, false, 4), 0)));

		assertThat(out).contains("75 orders/s (half the order knee")
			.contains("| order 202 → stock outcome | 100 | 0 | 20.02 | ")
			.contains("p99 **80.06 ms** (target ≤ 100 ms: met)")
			.contains("p99 ÷ raw Kafka p99: **8.0×** (target ≤ 10×: met)");
		StringBuilder missed = new StringBuilder();
		OrderReport.g5(missed, ReportTests.result(0, orders(new KneeSearch.Knee(150, false, 4), 3)));
		assertThat(missed).contains("| 100 | 3 | ").contains("(target ≤ 100 ms: missed)");
	}

	@Test
	void g8DividesTheDrainRateByTheArrivalRate() {
		OrderBench.Result base = orders(new KneeSearch.Knee(150, false, 4), 0);
		Measurement during = new Measurement();
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(30_000, 600);
		during.add(new Measurement.Slice(latencies, 600, Map.of(), Duration.ofSeconds(60).toNanos()), Map.of());
		// 600 accepted in 60 s = 10/s; 660 outcomes in 12 s = 55/s: 5.5×. While draining, in two measurements: 120
		// orders accepted; product-service 6.6 CPU s (10 ms per outcome), order-service 3 s and the generator 1.2 s:
		// 10.8 s in 12 s, 0.9 cores.
		Measurement draining = new Measurement();
		for (int second = 0; second < 2; second++) {
			Histogram drainLatencies = new Histogram(3);
			drainLatencies.recordValueWithCount(20_000, 60);
			Measurement slice = new Measurement();
			slice.add(new Measurement.Slice(drainLatencies, 60, Map.of(), Duration.ofSeconds(6).toNanos()),
					ordered("product-service", 330L, "order-service", 150L, "load generator", 60L));
			draining.addAll(slice);
		}
		OutageBench.Result outage = new OutageBench.Result(Duration.ofSeconds(60), 10, during, 598, 660, 12, true,
				Duration.ofSeconds(120), draining, new OutageBench.DrainMachine(2340, 480));
		OrderBench.Result withOutage = new OrderBench.Result(base.shoppers(), base.products(), base.kneeSteps(),
				base.knee(), base.idle(), base.pgbenchBefore(), base.pgbenchAfter(), base.g5Rate(), base.g5Orders(), base.events(),
				outage);
		StringBuilder out = new StringBuilder();
		OrderReport.g8(out, ReportTests.result(0, withOutage));

		assertThat(out).contains("| 600 | 598 | 660 | 120 | 12.0 | 10.0 | 55.0 |")
			.contains("drain ÷ arrival: **5.5×** (target ≥ 5×: met)")
			.contains("| POST /api/orders while draining | 120 | 0 | 20.");
		assertThat(out).contains("- CPU while draining (12.0 s): product-service 6.6 s, order-service 3.0 s, "
				+ "load generator 1.2 s; the watched processes kept **0.90 of 2 cores** busy, the whole machine "
				+ "**1.95** (/proc/stat; PostgreSQL 0.40); product-service 10.00 ms per drained outcome");
		StringBuilder skipped = new StringBuilder();
		OrderReport.g8(skipped, ReportTests.result(0, base));
		assertThat(skipped).contains("skipped at smoke size");
	}

	@Test
	void sectionsSaySkippedWhenOrdersAreOffAndRateLimitedOrdersAreWarnedAbout() {
		assertThat(Report.markdown(ReportTests.result(0, null))).contains("## G4 order placement ÷ pgbench\n\nSkipped")
			.contains("## G5 event latency\n\nSkipped");
		assertThat(Report.markdown(ReportTests.result(0, orders(new KneeSearch.Knee(150, false, 4), 0))))
			.doesNotContain("order placements were refused");
	}

	/** 100 orders seen at 20 ms (p50) and 80 ms (p99), raw probe p99 10 ms; pgbench 280 and 320 TPS. */
	static OrderBench.Result orders(KneeSearch.Knee knee, long unseen) {
		Histogram events = new Histogram(3);
		events.recordValueWithCount(20_000, 90);
		events.recordValueWithCount(80_000, 10);
		Histogram probe = new Histogram(3);
		probe.recordValueWithCount(2_000, 90);
		probe.recordValueWithCount(10_000, 10);
		Measurement step = new Measurement();
		step.add(new Measurement.Slice(events, 200, Map.of(), Duration.ofSeconds(2).toNanos()),
				Map.of("user-service", 50L));
		Map<String, Measurement> measured = new LinkedHashMap<>();
		measured.put(OrderBench.ORDERS, step);
		return new OrderBench.Result(20, 2, List.of(new BenchmarkResult.KneeStep(100, false, measured)), knee,
				new IdleCpu(Map.of("user-service", 10L), Duration.ofSeconds(1).toNanos()), new PgBench.Run(280, 2800, 0, 140), new PgBench.Run(320, 3200, 0, 160), 75, step,
				new EventWatch.Result(events, 100, unseen, probe, 100, 0), null);
	}

	private static Map<String, Long> ordered(Object... processAndTicks) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		for (int i = 0; i < processAndTicks.length; i += 2) {
			ticks.put((String) processAndTicks[i], (Long) processAndTicks[i + 1]);
		}
		return ticks;
	}

}
