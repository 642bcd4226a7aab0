package shop.systemtests;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import shop.benchmark.BenchmarkOptions;
import shop.benchmark.Measurement;
import shop.benchmark.OrderOptions;
import shop.benchmark.TracingBench;
import shop.benchmark.TracingOptions;
import shop.benchmark.WatchedProcess;
import shop.local.LocalPostgres;
import shop.local.LocalShop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's G10 at its smallest, so it cannot rot although the smoke skips it: two product-services of its own
 * (tracing at 10 % with OTLP export, and metrics only) on a scratch database of the local PostgreSQL, both loaded.
 * It asserts what the run did (answers, CPU read, spans exported by one and none by the other), never how fast.
 */
class TracingCostIT {

	@Test
	void loadsATracedAndAMetricsOnlyProductServiceAndSeesOnlyTheTracedOneExport() {
		LocalPostgres postgres = LocalPostgres.fromEnvironment();
		OrderOptions shop = BenchmarkOptions.defaults()
			.orders()
			.withPostgres(Libpq.uri(postgres))
			.withRepository(LocalShop.repositoryRoot());
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		TracingBench.Result result = TracingBench.run(TracingOptions.defaults().quick(), shop, http,
				Duration.ofSeconds(5), Duration.ofSeconds(2));

		List<WatchedProcess> processes = result.processes();
		assertThat(processes).hasSize(2).allSatisfy((process) -> assertThat(process.pid()).isPositive());
		int i = 0;
		for (String target : List.of(TracingBench.METRICS_ONLY, TracingBench.TRACED)) {
			Measurement measurement = result.sideBySide().get(target);
			assertThat(measurement.sent()).as(target + " requests sent").isPositive();
			assertThat(measurement.errors()).as(target + " errors at 20 req/s").isZero();
			assertThat(measurement.cpuSecondsPerRequest(100).get(processes.get(i++).name()))
				.as(target + ": its own service's CPU per request")
				.isPositive();
		}
		// 20 req/s for 4 s at 10 %: no trace at all in 80 requests would happen about once in 4,600 runs.
		assertThat(result.tracedRequests()).isEqualTo(result.sideBySide().get(TracingBench.TRACED).sent());
		assertThat(result.exported().traces()).as("traces exported").isPositive();
		assertThat(result.exported().spans()).as("spans exported").isGreaterThanOrEqualTo(result.exported().traces());
		assertThat(result.leaked().spans()).as("spans from the metrics-only service").isZero();
	}

}
