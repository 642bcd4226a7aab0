package shop.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus files pass Prometheus' own checker ({@code promtool check config}, {@code check rules}) and
 * the alert rules their unit tests ({@code promtool test rules deploy/prometheus/alerts-tests.yml}); every alert says
 * how bad it is and what it means; the Grafana dashboard is provisioned from the directory compose mounts.
 * <p>
 * promtool comes from {@code scripts/fetch-prometheus.sh} (Debian 11's package: Debian 12's promtool rejects
 * {@code consul_sd_configs}, its Prometheus is built without Consul discovery) or {@code SHOP_PROMTOOL}.
 */
class PrometheusConfigTests {

	private String promtool;

	@BeforeEach
	void findPromtool() {
		String configured = System.getenv("SHOP_PROMTOOL");
		Path fetched = Repository.path(".shop/tools/prometheus/promtool");
		if (configured != null && !configured.isBlank()) {
			this.promtool = configured;
		}
		else if (Files.isExecutable(fetched)) {
			this.promtool = fetched.toString();
		}
		else {
			assertThat(System.getenv("CI")).as("promtool is missing, and CI requires it: scripts/fetch-prometheus.sh")
				.isNotEqualTo("true");
			Assumptions.abort("promtool is missing: scripts/fetch-prometheus.sh");
		}
	}

	@Test
	void promtoolAcceptsTheConfigurationAndItsRules() {
		String config = Commands
			.run(Duration.ofMinutes(1), this.promtool, "check", "config", "deploy/prometheus/prometheus.yml")
			.requireSuccess()
			.out();
		assertThat(config).contains("SUCCESS: 1 rule files found");
		String rules = Commands.run(Duration.ofMinutes(1), this.promtool, "check", "rules", "deploy/prometheus/alerts.yml")
			.requireSuccess()
			.out();
		assertThat(rules).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void alertRulesFireWhenTheyShouldAndOnlyThen() {
		Commands.run(Duration.ofMinutes(1), this.promtool, "test", "rules", "deploy/prometheus/alerts-tests.yml")
			.requireSuccess();
	}

	@Test
	void everyAlertHasASeverityASummaryAndADescription() {
		assertThat(alerts()).extracting((alert) -> alert.get("alert"))
			.contains("ShopInstanceDown", "ShopApplicationMissing", "ShopHighErrorRatio", "ShopHighLatencyP99",
					"ShopConsumerLagGrowing", "ShopDeadLettersPresent", "ShopOutboxBacklogOld");
		for (Map<String, Object> alert : alerts()) {
			String name = String.valueOf(alert.get("alert"));
			assertThat(Yamls.stringAt(alert, "labels.severity")).as(name).isIn("warning", "critical");
			assertThat(Yamls.stringAt(alert, "annotations.summary")).as(name).isNotBlank();
			assertThat(Yamls.stringAt(alert, "annotations.description")).as(name).isNotBlank();
		}
	}

	@Test
	void grafanaProvisionsTheShopDashboardFromTheMountedDirectory() {
		Map<String, Object> provider = Yamls
			.map(Yamls.listAt(Repository.yaml("deploy/compose/grafana/provisioning/dashboards/shop.yml"), "providers")
				.get(0), "providers[0]");
		assertThat(Yamls.stringAt(provider, "options.path")).isEqualTo("/etc/grafana/dashboards");
		assertThat(Repository.read("docker-compose.yml"))
			.contains("./deploy/compose/grafana/dashboards:/etc/grafana/dashboards:ro");
		// JSON is YAML: the dashboard parses, and its panels query the shop's own meters.
		Map<String, Object> dashboard = Repository.yaml("deploy/compose/grafana/dashboards/shop-overview.json");
		assertThat(dashboard.get("uid")).isEqualTo("shop-overview");
		String panels = String.valueOf(dashboard.get("panels"));
		assertThat(panels).contains("shop_orders_placed_total", "shop_orders_rejected_total",
				"shop_orders_completion_seconds_bucket", "shop_stock_units_reserved_total", "shop_outbox_pending",
				"shop_outbox_oldest_age_seconds", "shop_kafka_dead_letters_total",
				"kafka_consumer_fetch_manager_records_lag", "resilience4j_circuitbreaker_state",
				"http_server_requests_seconds_bucket", "jvm_memory_used_bytes", "jvm_gc_pause_seconds");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> alerts() {
		List<Map<String, Object>> alerts = new ArrayList<>();
		for (Object group : Yamls.listAt(Repository.yaml("deploy/prometheus/alerts.yml"), "groups")) {
			for (Object rule : Yamls.listAt(Yamls.map(group, "group"), "rules")) {
				alerts.add((Map<String, Object>) rule);
			}
		}
		return alerts;
	}

}
