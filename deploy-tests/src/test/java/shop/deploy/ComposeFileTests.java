package shop.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml: parsed with SnakeYAML and checked for the rules of the deploy
 * issue, and resolved by docker-compose itself ({@code docker-compose config -q}) where
 * the binary is installed, which CI requires.
 */
class ComposeFileTests {

	/**
	 * The services that may publish a port on the host, with the container port they
	 * publish.
	 */
	private static final Map<String, Integer> PUBLISHED = Map.of("api-gateway", 8080, "consul", 8500, "prometheus",
			9090, "grafana", 3000);

	private static final Set<String> OBSERVABILITY = Set.of("prometheus", "grafana", "tempo", "loki", "alloy");

	/** The databases and roles PostgreSQL creates at its first start, in Compose and in Kubernetes alike. */
	private static final String INIT_DATABASES = "k8s/base/infrastructure/postgres/init-databases.sh";

	private final Compose compose = Compose.load();

	@Test
	void everyServiceHasAHealthCheck() {
		assertThat(this.compose.services()).hasSizeGreaterThanOrEqualTo(10).allSatisfy((name, service) -> {
			List<Object> test = Yamls.listAt(service, "healthcheck.test");
			assertThat(test).as(name + " healthcheck.test").isNotEmpty().doesNotContain("NONE");
			assertThat(Yamls.at(service, "healthcheck.disable")).as(name + " healthcheck.disable").isNotEqualTo(true);
		});
	}

	@Test
	void everyDependencyWaitsUntilItsTargetIsHealthy() {
		List<String> problems = new ArrayList<>();
		this.compose.services().forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			if (dependsOn instanceof List<?>) {
				problems.add(name + ": depends_on is a list, so it waits for nothing but the container start");
				return;
			}
			Yamls.mapAt(service, "depends_on").forEach((target, condition) -> {
				if (!"service_healthy".equals(Yamls.stringAt(Yamls.map(condition, target), "condition"))) {
					problems.add(name + " -> " + target + ": condition should be service_healthy");
				}
				if (!this.compose.services().containsKey(target)) {
					problems.add(name + " -> " + target + ": no such service");
				}
			});
		});
		assertThat(problems).isEmpty();
		// What needs what: a service starts only after its infrastructure, the gateway
		// after the services.
		assertThat(Yamls.mapAt(this.compose.services().get("order-service"), "depends_on")).containsOnlyKeys("postgres",
				"kafka", "consul");
		// The two apps whose counters live in Redis (SharedCountersTests) wait for it too.
		assertThat(Yamls.mapAt(this.compose.services().get("user-service"), "depends_on")).containsOnlyKeys("postgres",
				"kafka", "consul", "redis");
		assertThat(Yamls.mapAt(this.compose.services().get("api-gateway"), "depends_on")).containsOnlyKeys("consul",
				"redis", "user-service", "product-service", "order-service");
	}

	@Test
	void onlyTheGatewayConsulPrometheusAndGrafanaPublishPorts() {
		Map<String, List<Integer>> published = new LinkedHashMap<>();
		this.compose.services().forEach((name, service) -> {
			for (Object port : Yamls.listAt(service, "ports")) {
				published.computeIfAbsent(name, (key) -> new ArrayList<>()).add(containerPort(port));
			}
			assertThat(service).as(name + " (host network would publish every port)").doesNotContainKey("network_mode");
		});
		assertThat(published.keySet()).isSubsetOf(PUBLISHED.keySet()).contains("api-gateway", "consul");
		published.forEach((name, ports) -> assertThat(ports).as(name).containsExactly(PUBLISHED.get(name)));
	}

	@Test
	void prometheusAndGrafanaStartOnlyWithTheObservabilityProfile() {
		this.compose.services().forEach((name, service) -> {
			List<Object> profiles = Yamls.listAt(service, "profiles");
			if (OBSERVABILITY.contains(name)) {
				assertThat(profiles).as(name + " profiles").containsExactly("observability");
			}
			else {
				assertThat(profiles).as(name + " profiles (it must start by default)").isEmpty();
			}
		});
		Map<String, Object> prometheus = Repository.yaml("deploy/prometheus/prometheus.yml");
		Map<String, Object> job = Yamls.map(Yamls.listAt(prometheus, "scrape_configs").get(0), "scrape_configs[0]");
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		Map<String, Object> consul = Yamls.map(Yamls.listAt(job, "consul_sd_configs").get(0), "consul_sd_configs[0]");
		assertThat(consul.get("server")).isEqualTo("consul:8500");
		assertThat(Yamls.listAt(consul, "services")).containsExactlyInAnyOrderElementsOf(this.compose.apps().keySet());
		Map<String, Object> datasource = Yamls.map(Yamls
			.listAt(Repository.yaml(ObservabilityLinksTests.DATASOURCES), "datasources")
			.get(0), "datasources[0]");
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
	}

	@Test
	void appsAreBuiltFromTheDockerfileAndRunReadOnly() {
		Map<String, Map<String, Object>> apps = this.compose.apps();
		assertThat(apps.keySet()).containsExactlyInAnyOrder("api-gateway", "user-service", "product-service",
				"order-service");
		apps.forEach((name, service) -> {
			assertThat(Yamls.stringAt(service, "build.context")).as(name + " build context").isEqualTo(".");
			assertThat(Yamls.at(service, "build.dockerfile")).as(name + " uses the one Dockerfile").isNull();
			assertThat(Yamls.stringAt(service, "build.args.MODULE")).as(name + " MODULE").isEqualTo(name);
			assertThat(service.get("read_only")).as(name + " read_only").isEqualTo(true);
			assertThat(Yamls.listAt(service, "tmpfs")).as(name + " tmpfs").containsExactly("/tmp");
			assertThat(service).as(name + " (a fixed name would prevent --scale)").doesNotContainKey("container_name");
			assertThat(String.valueOf(service.get("image"))).isEqualTo("shop/" + name + ":0.1.0-SNAPSHOT");
		});
		// Scalable: two instances cannot publish the same host port.
		assertThat(apps.get("product-service")).doesNotContainKeys("ports", "container_name");
	}

	@Test
	void dataLivesInNamedVolumesAndConfigurationIsMountedReadOnly() {
		Set<String> declared = Yamls.mapAt(this.compose.file(), "volumes").keySet();
		Set<String> used = new TreeSet<>();
		this.compose.services().forEach((name, service) -> {
			for (Object item : Yamls.listAt(service, "volumes")) {
				String[] parts = String.valueOf(item).split(":");
				if (item.equals(ObservabilityLinksTests.DOCKER_SOCKET)) {
					assertThat(name).as("only the log shipper reads Docker's socket").isEqualTo("alloy");
				}
				else if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
					assertThat(parts).as(name + " bind mount " + item + " is read-only").hasSize(3);
					assertThat(parts[2]).as(name + " bind mount " + item).isEqualTo("ro");
					assertThat(Repository.path(parts[0])).as(name + " mounts a file of the repository").exists();
				}
				else {
					used.add(parts[0]);
				}
			}
		});
		assertThat(used).isEqualTo(declared);
		for (String stateful : List.of("postgres", "kafka", "consul", "prometheus", "grafana", "tempo", "loki")) {
			assertThat(Yamls.listAt(this.compose.services().get(stateful), "volumes").toString()).as(stateful)
				.contains(stateful + "-data:");
		}
	}

	@Test
	void imagesAreOfficialAndPinnedAndKafkaMatchesTheBuild() {
		Set<String> official = Set.of("postgres", "apache/kafka", "hashicorp/consul", "redis", "prom/prometheus",
				"grafana/grafana", "grafana/tempo", "grafana/loki", "grafana/alloy");
		this.compose.services().forEach((name, service) -> {
			String image = String.valueOf(service.get("image"));
			assertThat(image).as(name + " image").contains(":").doesNotEndWith(":latest");
			if (!service.containsKey("build")) {
				assertThat(official).as(name + " image").contains(image.substring(0, image.indexOf(':')));
			}
		});
		// The broker in the containers is the release of the build's Kafka (Spring Boot's
		// managed kafka.version,
		// which the local launcher runs too).
		String kafka = System.getProperty("shop.kafka.version");
		assertThat(kafka).as("system property shop.kafka.version, set by the build").isNotBlank();
		assertThat(String.valueOf(this.compose.services().get("kafka").get("image")))
			.isEqualTo("apache/kafka:" + kafka);
		assertThat(Repository.read("k8s/base/infrastructure/kafka.yaml")).contains("image: apache/kafka:" + kafka);
	}

	@Test
	void singleKafkaNodeHasReplicationFactorOneForItsInternalTopics() {
		Map<String, String> kafka = Compose.environment(this.compose.services().get("kafka"));
		assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
			.containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
			.containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
			.containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
			.containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1");
	}

	@Test
	void examplePasswordsAreMarkedAndOverridable() {
		this.compose.services().forEach((name, service) -> Compose.environment(service).forEach((key, value) -> {
			if (key.contains("PASSWORD")) {
				// ${VARIABLE:-example-...}: the shell or an .env file overrides it; the
				// default says what it is.
				assertThat(value).as(name + " " + key).matches("\\$\\{[A-Z_]+:-example-[a-z-]+}");
			}
		}));
	}

	@Test
	void oneDatabaseAndRolePerServiceCreatedByTheSameScriptInComposeAndKubernetes() {
		String script = Repository.read(INIT_DATABASES);
		// One file: Compose mounts the script the Kubernetes base generates its ConfigMap from.
		assertThat(Yamls.listAt(this.compose.services().get("postgres"), "volumes"))
			.contains("./" + INIT_DATABASES + ":/docker-entrypoint-initdb.d/10-init-databases.sh:ro");
		Map<String, String> created = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("(?m)^create_database (\\S+) (\\S+) ").matcher(script);
		while (matcher.find()) {
			created.put(matcher.group(1), matcher.group(2));
		}
		Map<String, String> used = new LinkedHashMap<>();
		this.compose.apps().forEach((name, service) -> {
			Map<String, String> environment = Compose.environment(service);
			if (environment.containsKey("SHOP_DB_URL")) {
				used.put(database(environment.get("SHOP_DB_URL")), environment.get("SHOP_DB_USER"));
			}
		});
		Manifests base = Kustomize.render(Kustomize.BASE);
		assertThat(base.ofKind("ConfigMap")).as("the postgres-init ConfigMap")
			.filteredOn((config) -> Manifests.name(config).startsWith("postgres-init"))
			.singleElement()
			.satisfies((config) -> assertThat(Yamls.mapAt(config, "data")).containsEntry("init-databases.sh", script));
		for (Map<String, Object> config : base.ofKind("ConfigMap")) {
			Map<String, Object> data = Yamls.mapAt(config, "data");
			if (data.containsKey("SHOP_DB_URL")) {
				assertThat(created).as(Manifests.describe(config))
					.containsEntry(database(String.valueOf(data.get("SHOP_DB_URL"))),
							String.valueOf(data.get("SHOP_DB_USER")));
			}
		}
		assertThat(used).hasSize(3).isEqualTo(created);
	}

	@Test
	void dockerComposeResolvesTheFile() {
		if (!Commands.onPath("docker-compose")) {
			// CI must run this check; elsewhere it is optional (Debian package
			// docker-compose).
			assertThat(System.getenv("CI"))
				.as("docker-compose is not installed, and CI requires it: " + "apt-get install -y docker-compose")
				.isNotEqualTo("true");
			Assumptions.abort("docker-compose is not installed (apt-get install -y docker-compose)");
		}
		Commands.run(Duration.ofMinutes(1), "docker-compose", "-f", Compose.FILE, "config", "-q").requireSuccess();
		// Every service, also those behind a profile, is part of the resolved model.
		String services = Commands
			.run(Duration.ofMinutes(1), "docker-compose", "-f", Compose.FILE, "config", "--services")
			.requireSuccess()
			.out();
		assertThat(services.lines()).containsExactlyInAnyOrderElementsOf(this.compose.services().keySet());
	}

	private static String database(String jdbcUrl) {
		String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
		return (path.indexOf('?') < 0) ? path : path.substring(0, path.indexOf('?'));
	}

	/**
	 * The container port of a ports entry: "8080:8080", "127.0.0.1:8500:8500", or the
	 * long form.
	 */
	private static int containerPort(Object port) {
		if (port instanceof Map<?, ?> map) {
			return Integer.parseInt(String.valueOf(map.get("target")));
		}
		String text = String.valueOf(port);
		String last = text.substring(text.lastIndexOf(':') + 1);
		return Integer.parseInt(last.replaceAll("/.*", ""));
	}

}
