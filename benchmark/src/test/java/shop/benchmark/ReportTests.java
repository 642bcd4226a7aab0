package shop.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private static final long TICKS = 100;

	@Test
	void printsTheMachineAndEveryFigureWithItsTarget() {
		String report = Report.markdown(result(0));

		assertThat(report).startsWith("# Shop benchmark report")
			.contains("| date | 2026-11-27T04:30:00 UTC |")
			.contains("| command | `./benchmark/run --smoke` |")
			.contains("| machine | 2 cores, 23.5 GiB memory, Linux |")
			.contains("| api-gateway | 8080 | 101 | /usr/bin/java | Serial | application CDS archive |")
			.contains("| Kafka producers | user-service acks=all, linger.ms=5 (default) |")
			.contains("| gateway transport | NIO (no native transport library mapped) |")
			.contains("## G1 gateway overhead", "## G2 gateway throughput (knee)", "## G6 memory after the run",
					"## G10 tracing ÷ metrics only", "## Measured apart")
			.contains("Skipped (--tracing off; the smoke size skips it).");
		// G1: gateway p50 3 ms vs direct 2.5 ms, p99 12 ms vs 6 ms; 2 s of CPU (200 ticks) over 200 requests.
		assertThat(report).contains("| gateway | 200 | 0 | 3.00 | ")
			.contains("p50 difference (gateway − direct): **0.50 ms** (target ≤ +1 ms: met)")
			.contains("p99 ratio (gateway ÷ direct): **2.00×** (target ≤ 1.5×: missed)")
			.contains("api-gateway 10.00, product-service 5.00 | api-gateway 287 ms in 15, 1 full 191 ms |")
			.contains("| yes | api-gateway 287 ms in 15, 1 full 191 ms |");
		assertThat(report).contains("| 40 | direct | 200 | 0 | 2.50 | 6.00 | ")
			.contains("| 40 (again) | gateway | 200 | ")
			.contains("knee through the gateway: **≥ 40 req/s**; direct: **≥ 40 req/s**");
		assertThat(report).contains("| api-gateway | 250 | met |").contains("| product-service | 400 | missed |");
		assertThat(report).doesNotContain("429");
	}

	@Test
	void warnsWhenTheGatewayRateLimitRefusedRequests() {
		// 7 in G1 and 7 in each of the three knee rows (the same measurements here).
		assertThat(Report.markdown(result(7))).contains("**Warning:** 28 requests were refused with 429")
			.contains("SHOP_RATE_LIMIT_API_PER_SECOND=100000")
			.contains("| gateway | 200 | 7 (429 7) | ");
	}

	@Test
	void formatsRatesWithoutNeedlessDecimals() {
		assertThat(Report.number(40)).isEqualTo("40");
		assertThat(Report.number(1.5)).isEqualTo("1.5");
		assertThat(Report.number(0.25)).isEqualTo("0.25");
	}

	static BenchmarkResult result(long rateLimited) {
		return result(rateLimited, null);
	}

	static BenchmarkResult result(long rateLimited, OrderBench.Result orders) {
		return result(rateLimited, orders, null);
	}

	static BenchmarkResult result(long rateLimited, OrderBench.Result orders, TracingBench.Result tracing) {
		return result(rateLimited, orders, tracing, BenchmarkOptions.smoke(java.net.URI.create("http://localhost:8080"),
				java.net.URI.create("http://localhost:8082"), "p-1", java.nio.file.Path.of("target/report.md"),
				"./benchmark/run --smoke"));
	}

	static BenchmarkResult result(long rateLimited, OrderBench.Result orders, TracingBench.Result tracing,
			BenchmarkOptions options) {
		Map<String, Measurement> g1 = new LinkedHashMap<>();
		g1.put(BenchmarkResult.GATEWAY, measurement(3, 12, rateLimited));
		g1.put(BenchmarkResult.DIRECT, measurement(2.5, 6, 0));
		List<BenchmarkResult.KneeStep> steps = List.of(new BenchmarkResult.KneeStep(20, false, g1),
				new BenchmarkResult.KneeStep(40, false, g1), new BenchmarkResult.KneeStep(40, true, g1));
		Map<String, OptionalLong> rss = new LinkedHashMap<>();
		rss.put("api-gateway", OptionalLong.of(250 * 1024));
		rss.put("product-service", OptionalLong.of(400 * 1024));
		Machine machine = new Machine(2, 24_684_084, "Linux", "OpenJDK 17", "1.0 2.0 3.0 → 4.0 5.0 6.0",
				Instant.parse("2026-11-27T04:30:00.123Z"));
		return new BenchmarkResult(machine, options, "p-1",
				List.of(new BenchmarkResult.ProcessFacts(new WatchedProcess("api-gateway", 8080, 101), "/usr/bin/java",
						"Serial", "application CDS archive")),
				TICKS, 20, g1, steps, new KneeSearch.Knee(40, true, 2), new KneeSearch.Knee(40, true, 2), rss,
				new ShopFacts("user-service acks=all, linger.ms=5 (default)", "NIO (no native transport library mapped)"),
				orders, tracing);
	}

	/** 200 requests: 99 at the p50, 99 at the p99, 2 at the top; 2 s of gateway CPU, 1 s of product CPU. */
	private static Measurement measurement(double p50Millis, long p99Millis, long rateLimited) {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(Math.round(p50Millis * 1000), 101);
		latencies.recordValueWithCount(p99Millis * 1000, 97);
		latencies.recordValueWithCount(p99Millis * 1000 + 1000, 2);
		Measurement measurement = new Measurement();
		Map<String, Long> cpu = new LinkedHashMap<>();
		cpu.put("api-gateway", 200L);
		cpu.put("product-service", 100L);
		Map<String, Long> errors = (rateLimited > 0) ? Map.of("429", rateLimited) : Map.of();
		measurement.add(new Measurement.Slice(latencies, 200, errors, Duration.ofSeconds(10).toNanos()),
				cpu, Map.of("api-gateway", new GcPauses(14, 96_000_000, 1, 191_000_000), "product-service",
						GcPauses.NONE));
		return measurement;
	}

}
