package shop.systemtests;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.benchmark.Benchmark;
import shop.benchmark.BenchmarkOptions;
import shop.benchmark.BenchmarkResult;
import shop.benchmark.Measurement;
import shop.benchmark.OrderBench;
import shop.benchmark.PgBench;
import shop.benchmark.Report;
import shop.benchmark.WatchedProcess;
import shop.local.LocalShop;
import shop.local.ServiceProcess;
import shop.local.ShopService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's benchmark at smoke size against the shared whole shop, so the tool cannot rot: every section of the report
 * must hold real numbers. It asserts what the run did (requests sent and answered, no errors at a low rate, CPU and
 * RSS read), never how fast: CI machines differ too much for timing thresholds.
 */
@ExtendWith(RunningShop.Extension.class)
class BenchmarkSmokeIT {

	private final RunningShop shop;

	BenchmarkSmokeIT(RunningShop shop) {
		this.shop = shop;
	}

	@Test
	void measuresGatewayOverheadKneesOrdersEventsAndMemoryOfTheRunningShop() {
		String product = this.shop.createProduct(new BigDecimal("9.99"), 100).toString();
		ServiceProcess direct = this.shop.local().service(ShopService.PRODUCT);
		List<WatchedProcess> processes = new ArrayList<>();
		processes.add(watched(this.shop.local().gateway()));
		this.shop.local().instances(ShopService.PRODUCT).forEach((instance) -> processes.add(watched(instance)));
		// Orders take products whose stock no smoke run exhausts (product-service refuses a line beyond the stock).
		List<String> orderProducts = List.of(this.shop.createProduct(new BigDecimal("1.00"), 100_000_000).toString(),
				this.shop.createProduct(new BigDecimal("2.00"), 100_000_000).toString());
		BenchmarkOptions smoke = BenchmarkOptions.smoke(this.shop.gateway(), direct.baseUri(), product,
				Path.of("target/benchmark-smoke-report.md"), "BenchmarkSmokeIT (smoke size)");
		BenchmarkOptions options = smoke.withOrders(smoke.orders()
			.withProducts(orderProducts)
			.withKafka(this.shop.local().kafka().bootstrapServers())
			.withPostgres(Libpq.uri(this.shop.local().postgres()))
			.withRepository(LocalShop.repositoryRoot()));

		BenchmarkResult result = Benchmark.run(options, processes);
		String report = Report.markdown(result);
		System.out.print(report);

		assertThat(report).contains("## G1 gateway overhead", "## G2 gateway throughput (knee)",
				"## G6 memory after the run", "| gateway | ", "| direct | ", "p50 difference", "p99 ratio",
				"knee through the gateway");
		for (String target : List.of("gateway", "direct")) {
			Measurement g1 = result.g1().get(target);
			assertThat(g1.sent()).as(target + " requests sent").isGreaterThanOrEqualTo(150);
			assertThat(g1.errors()).as(target + " errors at 20 req/s").isZero();
			assertThat(g1.percentileMillis(50)).as(target + " p50").isPositive();
			assertThat(g1.throughput()).as(target + " answers per second").isPositive();
			assertThat(g1.cpuSecondsPerRequest(100)).as(target + " CPU read for every process")
				.containsKeys(processes.stream().map(WatchedProcess::name).toArray(String[]::new));
			assertThat(g1.gcPauses()).as(target + " collections read for every JVM (hsperfdata)")
				.containsKeys(processes.stream().map(WatchedProcess::name).toArray(String[]::new));
		}
		// The gateway's CPU was spent on the gateway's requests, not on the direct ones.
		String gateway = this.shop.local().gateway().name();
		assertThat(result.g1().get("gateway").cpuSecondsPerRequest(100).get(gateway)).isPositive();
		assertThat(result.kneeSteps()).isNotEmpty();
		assertThat(result.kneeSteps().get(0).measurements().values())
			.allSatisfy((step) -> assertThat(step.sent()).isPositive());
		assertThat(result.rssKib()).hasSize(processes.size())
			.allSatisfy((name, kib) -> assertThat(kib).as(name + " RSS").isPresent());

		// G4 and G5: orders accepted at every step, pgbench ran the placement SQL twice, every accepted order of the G5
		// window reached its stock outcome on Kafka, and every raw probe record came back.
		assertThat(report).contains("## G4 order placement ÷ pgbench", "## G5 event latency", "knee ÷ pgbench",
				"p99 ÷ raw Kafka p99", "| Kafka producers | user-service acks=all", "| gateway transport | ");
		OrderBench.Result orders = result.orders();
		assertThat(orders.kneeSteps()).isNotEmpty()
			.allSatisfy((step) -> assertThat(step.measurements().get("orders").throughput()).isPositive());
		for (PgBench.Run pgbench : List.of(orders.pgbenchBefore(), orders.pgbenchAfter())) {
			assertThat(pgbench.transactions()).as("pgbench transactions").isPositive();
			assertThat(pgbench.failed()).as("pgbench failures").isZero();
		}
		assertThat(orders.g5Orders().sent() - orders.g5Orders().errors()).as("G5 orders accepted").isPositive();
		assertThat(orders.events().ordersSeen()).as("G5 outcomes seen").isEqualTo(
				orders.g5Orders().sent() - orders.g5Orders().errors());
		assertThat(orders.events().ordersUnseen()).as("G5 outcomes not seen").isZero();
		assertThat(orders.events().probesSent()).as("raw probes sent").isPositive();
		assertThat(orders.events().probesUnseen()).as("raw probes not seen").isZero();

		// G10 starts two product-services of its own: more than the smoke's two minutes allow, so the smoke skips it.
		assertThat(result.tracing()).as("G10 at smoke size").isNull();
		assertThat(report).contains("## G10 tracing ÷ metrics only\n\nSkipped");

		Measurement g1Gateway = result.g1().get("gateway");
		Measurement g1Direct = result.g1().get("direct");
		this.shop.report("benchmark smoke", String.format(Locale.ROOT, "G1 p50 gateway %.2f ms direct %.2f ms, "
				+ "p99 %.2f/%.2f ms", g1Gateway.percentileMillis(50), g1Direct.percentileMillis(50),
				g1Gateway.percentileMillis(99), g1Direct.percentileMillis(99)));
		this.shop.report("benchmark smoke orders", String.format(Locale.ROOT,
				"G4 knee %.0f orders/s, pgbench %.0f TPS; G5 p99 %.1f ms, raw Kafka p99 %.1f ms", orders.knee().rate(),
				orders.pgbenchTps(), orders.events().orderMillis(99), orders.events().probeMillis(99)));
	}

	private static WatchedProcess watched(ServiceProcess process) {
		return new WatchedProcess(process.name(), process.port(), process.pid());
	}

}
