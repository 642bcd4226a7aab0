package shop.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import shop.deploy.Manifests.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of truth: every environment variable that docker-compose.yml or the
 * Kubernetes manifests set for an app is a configuration key that app really reads
 * (computed from its application*.yml by {@link AppConfiguration}), so a renamed or
 * misspelled key fails here instead of being silently ignored at run time. Ports agree
 * the same way.
 */
class ConfigurationKeysTests {

	@Test
	void composeSetsOnlyKeysTheAppsRead() {
		List<String> problems = new ArrayList<>();
		Compose.load().apps().forEach((name, service) -> {
			AppConfiguration app = AppConfiguration.of(name);
			for (String variable : Compose.environment(service).keySet()) {
				if (!app.reads(variable)) {
					problems.add("docker-compose.yml: " + name + " sets " + variable + ", which " + name
							+ " does not read (" + app.files().size() + " configuration files checked)");
				}
			}
		});
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void kubernetesSetsOnlyKeysTheAppsRead(String source) {
		Manifests manifests = Kustomize.render(source);
		List<String> problems = new ArrayList<>();
		for (Workload workload : manifests.deployments()) {
			AppConfiguration app = AppConfiguration.of(appName(workload));
			for (Map<String, Object> container : workload.containers()) {
				environment(manifests, workload, container).forEach((variable, from) -> {
					if (!app.reads(variable)) {
						problems.add(source + ": " + workload.describe() + " gets " + variable + " (" + from
								+ "), which " + app.module() + " does not read");
					}
				});
			}
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void kubernetesContainerPortIsThePortTheAppListensOn(String source) {
		Manifests manifests = Kustomize.render(source);
		for (Workload workload : manifests.deployments()) {
			AppConfiguration app = AppConfiguration.of(appName(workload));
			assertThat(workload.port("http")).as(workload.describe() + " container port http")
				.map(Manifests.Port::number)
				.contains(app.defaultPort());
		}
	}

	@Test
	void composeHealthChecksAskThePortTheAppListensOn() {
		Compose.load().apps().forEach((name, service) -> {
			List<Object> test = Yamls.listAt(service, "healthcheck.test");
			assertThat(test).as(name + " health check")
				.contains(String.valueOf(AppConfiguration.of(name).defaultPort()));
		});
	}

	@Test
	void everyAppInTheDeploymentFilesIsAModuleOfTheReactor() {
		List<String> apps = new ArrayList<>(Compose.load().apps().keySet());
		Kustomize.render(Kustomize.BASE).deployments().forEach((workload) -> apps.add(appName(workload)));
		assertThat(Repository.modules()).containsAll(apps);
		assertThat(apps).contains("api-gateway", "user-service", "product-service", "order-service");
	}

	// The checker itself: it must know the real keys, and refuse what no app reads.

	@Test
	void readsPlaceholdersOfTheAppsOwnConfiguration() {
		AppConfiguration users = AppConfiguration.of("user-service");
		assertThat(users.allowedEnvironment()).contains("SHOP_DB_URL", "SHOP_ADMIN_EMAIL", "SHOP_ADMIN_PASSWORD",
				"SHOP_JWT_SIGNING_KEY_LOCATION", "SHOP_CONSUL_ENABLED", "PORT");
		assertThat(users.defaultPort()).isEqualTo(8081);
	}

	@Test
	void readsTheChassisDefaultsOnlyForAppsOnTheChassis() {
		// SHOP_CONSUL_HOST is a placeholder of the chassis defaults for the services, and
		// of its own yml for the
		// gateway (which does not use the chassis).
		assertThat(AppConfiguration.of("order-service").files())
			.anyMatch((file) -> file.toString().endsWith("discovery-defaults.properties"));
		assertThat(AppConfiguration.of("api-gateway").files())
			.noneMatch((file) -> file.toString().contains("service-chassis"));
		assertThat(AppConfiguration.of("order-service").reads("SHOP_CONSUL_HOST")).isTrue();
		assertThat(AppConfiguration.of("api-gateway").reads("SHOP_CONSUL_HOST")).isTrue();
	}

	@Test
	void readsRelaxedBindingNamesOfPropertiesThatExist() {
		assertThat(AppConfiguration.relaxedName("spring.kafka.bootstrap-servers"))
			.isEqualTo("SPRING_KAFKA_BOOTSTRAPSERVERS");
		assertThat(AppConfiguration.relaxedName("spring.cloud.gateway.server.webflux.routes[0].id"))
			.isEqualTo("SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_ROUTES_0_ID");
		assertThat(AppConfiguration.of("product-service").reads("SPRING_KAFKA_BOOTSTRAPSERVERS")).isTrue();
		assertThat(AppConfiguration.of("product-service").reads("JAVA_TOOL_OPTIONS")).isTrue();
	}

	@Test
	void refusesKeysTheAppDoesNotRead() {
		assertThat(AppConfiguration.of("product-service").reads("SHOP_ADMIN_PASSWORD")).isFalse();
		assertThat(AppConfiguration.of("api-gateway").reads("SHOP_KAFKA_BOOTSTRAP")).isFalse();
		assertThat(AppConfiguration.of("order-service").reads("SHOP_DB_URLL")).isFalse();
		assertThat(AppConfiguration.of("order-service").reads("SPRING_KAFKA_SECURITY_PROTOCOL")).isFalse();
	}

	/**
	 * The app a Deployment runs: its app.kubernetes.io/name label, which is the Maven
	 * module's name.
	 */
	static String appName(Workload workload) {
		String name = workload.podLabels().get("app.kubernetes.io/name");
		assertThat(name).as(workload.describe() + " label app.kubernetes.io/name").isNotNull();
		return name;
	}

	/**
	 * Every environment variable a container gets, with where it comes from: env entries,
	 * and the keys of the ConfigMaps and Secrets of envFrom. A Secret the production
	 * overlay leaves to the operator is read from the base's example of the same name
	 * (the operator creates it with the same keys).
	 */
	static Map<String, String> environment(Manifests manifests, Workload workload, Map<String, Object> container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object item : Yamls.listAt(container, "env")) {
			environment.put(String.valueOf(Yamls.map(item, "env").get("name")), "env");
		}
		for (Object item : Yamls.listAt(container, "envFrom")) {
			Map<String, Object> source = Yamls.map(item, "envFrom");
			String prefix = String.valueOf(source.getOrDefault("prefix", ""));
			String kind = source.containsKey("configMapRef") ? "ConfigMap" : "Secret";
			String name = Yamls.stringAt(source, kind.equals("ConfigMap") ? "configMapRef.name" : "secretRef.name");
			Map<String, Object> object = manifests.find(kind, name)
				.or(() -> kind.equals("Secret") ? Kustomize.render(Kustomize.BASE).find(kind, name) : Optional.empty())
				.orElseThrow(() -> new AssertionError(workload.describe() + " reads " + kind + " " + name
						+ ", which neither " + manifests.source() + " nor the base defines"));
			for (String section : List.of("data", "stringData")) {
				Yamls.mapAt(object, section)
					.keySet()
					.forEach((key) -> environment.put(prefix + key, kind + " " + name));
			}
		}
		return environment;
	}

}
