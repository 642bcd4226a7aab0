package shop.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose observability profile's links, from a slow request to its trace and its logs: the apps send spans to
 * Tempo's OTLP receiver, Prometheus stores exemplars, Alloy ships the apps' JSON lines to Loki with the trace id, and
 * Grafana's datasources link them by uids and field names that all agree. Nothing here is checked by a running
 * Grafana (no Docker engine in CI): a renamed uid, port or field fails this build instead of leaving a dead link.
 * (What the apps really emit, trace_id exemplars and traceId in JSON lines, system-tests' ExemplarLinksIT proves.)
 */
class ObservabilityLinksTests {

	static final String DATASOURCES = "deploy/compose/grafana/provisioning/datasources/datasources.yml";

	static final String DOCKER_SOCKET = "/var/run/docker.sock:/var/run/docker.sock:ro";

	/** The exemplar label under which Micrometer's Prometheus registry writes the trace id. */
	private static final String EXEMPLAR_TRACE_ID_LABEL = "trace_id";

	/** The JSON field under which the apps' structured logs carry the trace id (Micrometer Tracing's MDC key). */
	private static final String LOG_TRACE_ID_FIELD = "traceId";

	private final Compose compose = Compose.load();

	private final Map<String, Map<String, Object>> datasources = datasources();

	private final String alloy = Repository.read("deploy/compose/alloy/config.alloy");

	@Test
	void appsSendTheirSpansToTemposOtlpReceiver() {
		Map<String, Object> tempo = Repository.yaml("deploy/compose/tempo/tempo.yml");
		URI receiver = URI.create("http://" + Yamls.stringAt(tempo, "distributor.receivers.otlp.protocols.http.endpoint"));
		this.compose.apps().forEach((name, app) -> {
			Map<String, String> environment = Compose.environment(app);
			assertThat(environment.get("SHOP_TRACING_EXPORT")).as(name).isEqualTo("${SHOP_TRACING_EXPORT:-true}");
			URI endpoint = URI.create(defaultOf(environment.get("SHOP_TRACING_ENDPOINT")));
			assertThat(endpoint.getHost()).as(name + " OTLP endpoint host").isEqualTo("tempo");
			assertThat(endpoint.getPort()).as(name + " OTLP endpoint port").isEqualTo(receiver.getPort());
			assertThat(endpoint.getPath()).as(name + " OTLP/HTTP traces path").isEqualTo("/v1/traces");
		});
		assertThat(receiver.getHost()).as("Tempo must listen beyond its own loopback").isEqualTo("0.0.0.0");
		assertThat(this.compose.services()).containsKey("tempo");
	}

	@Test
	void prometheusStoresExemplars() {
		Map<String, Object> prometheus = this.compose.services().get("prometheus");
		assertThat(Yamls.listAt(prometheus, "command")).contains("--enable-feature=exemplar-storage");
		// Exemplar storage exists from Prometheus 2.26 on.
		Matcher version = Pattern.compile("prom/prometheus:v(\\d+)\\.(\\d+)\\.\\d+")
			.matcher(String.valueOf(prometheus.get("image")));
		assertThat(version.matches()).as("pinned prom/prometheus:vX.Y.Z").isTrue();
		int major = Integer.parseInt(version.group(1));
		int minor = Integer.parseInt(version.group(2));
		assertThat(major > 2 || (major == 2 && minor >= 26)).as("Prometheus >= 2.26").isTrue();
	}

	@Test
	void everyDatasourceUidALinkOrPanelNamesExistsWithTheRightType() {
		assertThat(this.datasources).containsOnlyKeys("prometheus", "tempo", "loki");
		assertThat(type("prometheus")).isEqualTo("prometheus");
		assertThat(type("tempo")).isEqualTo("tempo");
		assertThat(type("loki")).isEqualTo("loki");
		List<Object> exemplarDestinations = Yamls.listAt(this.datasources.get("prometheus"),
				"jsonData.exemplarTraceIdDestinations");
		assertThat(exemplarDestinations).hasSize(1);
		Map<String, Object> exemplar = Yamls.map(exemplarDestinations.get(0), "exemplarTraceIdDestinations[0]");
		assertThat(exemplar).containsEntry("name", EXEMPLAR_TRACE_ID_LABEL).containsEntry("datasourceUid", "tempo");
		assertThat(Yamls.stringAt(this.datasources.get("tempo"), "jsonData.tracesToLogsV2.datasourceUid"))
			.isEqualTo("loki");
		assertThat(Yamls.stringAt(this.datasources.get("tempo"), "jsonData.serviceMap.datasourceUid"))
			.isEqualTo("prometheus");
		Map<String, Object> derived = derivedTraceIdField();
		assertThat(derived).containsEntry("datasourceUid", "tempo");
		// Each datasource's URL is a compose service on the port its configuration listens on.
		assertThat(url("prometheus")).isEqualTo("http://prometheus:9090");
		assertThat(url("tempo")).isEqualTo("http://tempo:"
				+ Yamls.at(Repository.yaml("deploy/compose/tempo/tempo.yml"), "server.http_listen_port"));
		assertThat(url("loki")).isEqualTo(
				"http://loki:" + Yamls.at(Repository.yaml("deploy/compose/loki/loki.yml"), "server.http_listen_port"));
		for (String uid : this.datasources.keySet()) {
			assertThat(this.compose.services()).containsKey(URI.create(url(uid)).getHost());
		}
	}

	@Test
	void theTraceIdKeepsOneNameFromTheAppsJsonLinesThroughLokiToTempo() {
		// Alloy reads the apps' JSON field and stores it as Loki structured metadata trace_id...
		assertThat(this.alloy).contains("trace_id = \"" + LOG_TRACE_ID_FIELD + "\"");
		assertThat(this.alloy).containsPattern("stage\\.structured_metadata \\{\\s*values = \\{ trace_id = \"\"");
		// ... which Loki's derived field reads to open the trace ...
		Map<String, Object> derived = derivedTraceIdField();
		assertThat(derived).containsEntry("matcherType", "label").containsEntry("matcherRegex", "trace_id");
		// ... and Tempo's link to the logs filters on, by the service_name label Alloy sets from the compose service.
		String query = Yamls.stringAt(this.datasources.get("tempo"), "jsonData.tracesToLogsV2.query");
		assertThat(query).contains("| trace_id=\"$${__trace.traceId}\"");
		Map<String, Object> tag = Yamls.map(
				Yamls.listAt(this.datasources.get("tempo"), "jsonData.tracesToLogsV2.tags").get(0), "tags[0]");
		assertThat(tag).containsEntry("key", "service.name").containsEntry("value", "service_name");
		assertThat(this.alloy).contains("__meta_docker_container_label_com_docker_compose_service")
			.contains("target_label  = \"service_name\"");
		assertThat(this.alloy).contains("url = \"http://loki:3100/loki/api/v1/push\"");
	}

	@Test
	void grafanaVariablesInProvisioningAreEscapedFromEnvironmentExpansion() {
		// Grafana expands $VAR and ${VAR} in provisioning files from its environment: a link's ${__trace.traceId}
		// would silently become empty. $$ keeps a literal $.
		Matcher unescaped = Pattern.compile("(?<!\\$)\\$\\{__").matcher(Repository.read(DATASOURCES));
		assertThat(unescaped.find()).as("an unescaped ${__...} in " + DATASOURCES).isFalse();
	}

	@Test
	void theLatencyPanelShowsExemplarsAndEveryPanelUsesAKnownDatasource() {
		Map<String, Object> dashboard = Repository.yaml("deploy/compose/grafana/dashboards/shop-overview.json");
		List<String> problems = new ArrayList<>();
		boolean exemplars = false;
		for (Object item : Yamls.listAt(dashboard, "panels")) {
			Map<String, Object> panel = Yamls.map(item, "panel");
			if (panel.get("datasource") instanceof Map<?, ?> datasource
					&& !this.datasources.containsKey(String.valueOf(datasource.get("uid")))) {
				problems.add(panel.get("title") + ": datasource uid " + datasource.get("uid"));
			}
			if (String.valueOf(panel.get("title")).startsWith("Latency")) {
				exemplars = Yamls.listAt(panel, "targets")
					.stream()
					.allMatch((target) -> Boolean.TRUE.equals(Yamls.map(target, "target").get("exemplar")));
			}
		}
		assertThat(problems).isEmpty();
		assertThat(exemplars).as("every query of the latency panel has exemplar: true").isTrue();
	}

	private Map<String, Object> derivedTraceIdField() {
		List<Object> derived = Yamls.listAt(this.datasources.get("loki"), "jsonData.derivedFields");
		assertThat(derived).hasSize(1);
		return Yamls.map(derived.get(0), "derivedFields[0]");
	}

	private String type(String uid) {
		return String.valueOf(this.datasources.get(uid).get("type"));
	}

	private String url(String uid) {
		return String.valueOf(this.datasources.get(uid).get("url"));
	}

	private static Map<String, Map<String, Object>> datasources() {
		Map<String, Map<String, Object>> byUid = new HashMap<>();
		for (Object item : Yamls.listAt(Repository.yaml(DATASOURCES), "datasources")) {
			Map<String, Object> datasource = Yamls.map(item, "datasource");
			assertThat(byUid.put(String.valueOf(datasource.get("uid")), datasource)).as("duplicate uid").isNull();
		}
		return byUid;
	}

	/** The default of a compose value {@code ${NAME:-default}}, or the value itself. */
	private static String defaultOf(String value) {
		Matcher matcher = Pattern.compile("\\$\\{\\w+:-(.*)}").matcher(value);
		return matcher.matches() ? matcher.group(1) : value;
	}

}
