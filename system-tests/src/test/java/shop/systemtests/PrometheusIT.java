package shop.systemtests;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.local.LocalShop;
import shop.local.Processes;
import shop.local.ShopService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, run with the shipped {@code deploy/prometheus/prometheus.yml} and {@code alerts.yml}
 * (only the Consul address and the intervals changed for the test), finds every process of the running shop through
 * the shop's Consul agent, scrapes each one ({@code up == 1}), loads the alert rules and evaluates them without error,
 * and answers queries for the orders counters once orders are placed through the gateway.
 */
@ExtendWith(RunningShop.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private static final String SHIPPED_CONSUL = "server: consul:8500";

	private final RunningShop shop;

	private Process prometheus;

	private URI api;

	private Path workDir;

	PrometheusIT(RunningShop shop) {
		this.shop = shop;
	}

	@BeforeAll
	void startPrometheus() throws IOException {
		Path root = LocalShop.repositoryRoot();
		Path binary = findBinary(root).orElse(null);
		if (binary == null) {
			String message = "No prometheus binary (SHOP_PROMETHEUS_BINARY or .shop/tools/prometheus/prometheus): run "
					+ "scripts/fetch-prometheus.sh (Debian/Ubuntu)";
			if (System.getenv("CI") != null && !"false".equals(System.getenv("CI"))) {
				fail("CI must run the Prometheus system test with a real Prometheus. " + message);
			}
			Assumptions.abort(message);
		}
		int consulPort = this.shop.local().consul().orElseThrow().httpPort();
		this.workDir = root.resolve("system-tests/target/prometheus-" + UUID.randomUUID().toString().substring(0, 8));
		Files.createDirectories(this.workDir);
		String config = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
		assertThat(config).as("the shipped configuration's Consul address").contains(SHIPPED_CONSUL);
		// The shop under test: its own Consul agent, and short intervals so the test does not wait 15 s per step.
		config = config.replace(SHIPPED_CONSUL, "server: 127.0.0.1:" + consulPort)
			.replace("scrape_interval: 15s", "scrape_interval: 1s")
			.replace("evaluation_interval: 15s", "evaluation_interval: 1s")
			.replace("refresh_interval: 10s", "refresh_interval: 1s");
		Files.writeString(this.workDir.resolve("prometheus.yml"), config);
		Files.copy(root.resolve("deploy/prometheus/alerts.yml"), this.workDir.resolve("alerts.yml"));
		// The launcher's own port source: never a port it has handed out to the shop in this JVM.
		int port = Processes.freePort();
		this.api = URI.create("http://127.0.0.1:" + port);
		this.prometheus = new ProcessBuilder(binary.toString(),
				"--config.file=" + this.workDir.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + this.workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(this.workDir.resolve("prometheus.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.prometheus.isAlive()).as("prometheus is running, see " + this.workDir).isTrue();
			assertThat(this.shop.client().get(this.api, "/-/ready", null).status()).isEqualTo(200);
		});
	}

	@AfterAll
	void stopPrometheus() throws InterruptedException {
		if (this.prometheus != null) {
			this.prometheus.destroy();
			if (!this.prometheus.waitFor(10, TimeUnit.SECONDS)) {
				this.prometheus.destroyForcibly();
			}
		}
	}

	@Test
	void discoversAndScrapesEveryProcessOfTheShopThroughConsul() {
		List<String> expected = new ArrayList<>();
		for (ShopService service : ShopService.values()) {
			this.shop.local().instances(service).forEach((instance) -> expected.add(service.module()));
		}
		expected.add(LocalShop.GATEWAY);
		long began = System.nanoTime();
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			List<String> targets = new ArrayList<>();
			get("/api/v1/targets?state=active").path("data").path("activeTargets").forEach((target) -> {
				assertThat(target.path("health").asString()).as(target.path("scrapeUrl") + " " + target.path("lastError"))
					.isEqualTo("up");
				targets.add(target.path("labels").path("application").asString());
			});
			assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
			JsonNode up = query("up{job=\"shop\"}");
			List<String> applications = new ArrayList<>();
			up.forEach((series) -> {
				assertThat(series.path("value").get(1).asString()).as("up of " + series.path("metric")).isEqualTo("1");
				applications.add(series.path("metric").path("application").asString());
			});
			assertThat(applications).containsExactlyInAnyOrderElementsOf(expected);
		});
		this.shop.report("prometheus all targets up", RunningShop.seconds(Duration.ofNanos(System.nanoTime() - began)));
	}

	@Test
	void loadsTheAlertRulesAndEvaluatesThemWithoutError() {
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode groups = get("/api/v1/rules").path("data").path("groups");
			List<String> rules = new ArrayList<>();
			groups.forEach((group) -> group.path("rules").forEach((rule) -> {
				assertThat(rule.path("health").asString()).as(rule.path("name") + " " + rule.path("lastError"))
					.isEqualTo("ok");
				rules.add(rule.path("name").asString());
			}));
			assertThat(rules).contains("ShopInstanceDown", "ShopApplicationMissing", "ShopHighErrorRatio",
					"ShopHighLatencyP99", "ShopConsumerLagGrowing", "ShopDeadLettersPresent", "ShopOutboxBacklogOld");
		});
		// Once every process is scraped, the availability alerts fall quiet (an evaluation before the first scrapes
		// may have seen nothing of an app yet).
		int processes = this.shop.local().instances(ShopService.USER).size()
				+ this.shop.local().instances(ShopService.PRODUCT).size()
				+ this.shop.local().instances(ShopService.ORDER).size() + 1;
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(query("up{job=\"shop\"} == 1").size()).isEqualTo(processes);
			JsonNode alerts = get("/api/v1/alerts").path("data").path("alerts");
			alerts.forEach((alert) -> assertThat(alert.path("labels").path("alertname").asString())
				.as(alert.toString())
				.isNotIn("ShopInstanceDown", "ShopApplicationMissing"));
		});
	}

	@Test
	void answersQueriesForTheOrdersCounters() {
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(query("shop_orders_placed_total").size()).isPositive());
		double placedBefore = scalar("sum(shop_orders_placed_total)");
		double confirmedBefore = scalar("sum(shop_orders_confirmed_total)");
		RunningShop.Shopper shopper = this.shop.register();
		UUID product = this.shop.createProduct(new BigDecimal("1.99"), 10);
		for (int i = 0; i < 2; i++) {
			RunningShop.Placed placed = this.shop.place(shopper, Map.of(product, 1), null);
			assertThat(this.shop.awaitFinal(placed).path("status").asString()).isEqualTo("CONFIRMED");
		}
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(scalar("sum(shop_orders_placed_total)") - placedBefore).isEqualTo(2);
			assertThat(scalar("sum(shop_orders_confirmed_total)") - confirmedBefore).isEqualTo(2);
		});
	}

	private double scalar(String promql) {
		JsonNode result = query(promql);
		assertThat(result.size()).as(promql).isEqualTo(1);
		return Double.parseDouble(result.get(0).path("value").get(1).asString());
	}

	/** The result vector of an instant query. */
	private JsonNode query(String promql) {
		JsonNode response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		assertThat(response.path("status").asString()).as(response.toString()).isEqualTo("success");
		return response.path("data").path("result");
	}

	private JsonNode get(String path) {
		ShopClient.Response response = this.shop.client().get(this.api, path, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static Optional<Path> findBinary(Path root) {
		String configured = System.getenv("SHOP_PROMETHEUS_BINARY");
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured));
		}
		Path fetched = root.resolve(".shop/tools/prometheus/prometheus");
		return Files.isExecutable(fetched) ? Optional.of(fetched) : Optional.empty();
	}

}
