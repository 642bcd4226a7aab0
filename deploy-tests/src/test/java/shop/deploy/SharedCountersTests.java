package shop.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import shop.deploy.Manifests.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where several replicas of the gateway or of user-service run (the autoscalers, {@code --scale}), their counters
 * live in one Redis: the gateway's rate limits and user-service's sign-in throttle. Counted in each replica's memory,
 * N replicas would give a client N times its limit and a password guesser N times the attempts. The Redis the base
 * and Compose run keeps nothing on disk: its keys expire within minutes.
 */
class SharedCountersTests {

	/** The environment name of each app's counter store, which must say redis. */
	private static final Map<String, String> STORES = Map.of("api-gateway", "SHOP_RATE_LIMIT_STORE", "user-service",
			"SHOP_SIGN_IN_THROTTLE_STORE");

	private static final String PASSWORD_SECRET = "redis-password";

	private static final String PASSWORD_KEY = "SHOP_REDIS_PASSWORD";

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void kubernetesAppsThatScaleCountInRedisWithThePasswordFromTheSecret(String source) {
		Manifests manifests = Kustomize.render(source);
		STORES.forEach((app, store) -> {
			Workload workload = manifests.deployments()
				.stream()
				.filter((deployment) -> deployment.name().equals(app))
				.findFirst()
				.orElseThrow();
			int maxReplicas = ((Number) Yamls.at(manifests.find("HorizontalPodAutoscaler", app).orElseThrow(),
					"spec.maxReplicas"))
				.intValue();
			assertThat(maxReplicas).as(source + ": " + app + " may run several replicas").isGreaterThan(1);
			Map<String, Object> container = workload.containers().get(0);
			Map<String, String> values = configMapValues(manifests, container);
			assertThat(values).as(source + ": " + app + " environment from ConfigMaps")
				.containsEntry(store, "redis")
				.containsKeys("SHOP_REDIS_HOST", "SHOP_REDIS_PORT");
			assertThat(Yamls.listAt(container, "envFrom")).as(source + ": " + app + " envFrom")
				.anySatisfy((item) -> assertThat(Yamls.stringAt(Yamls.map(item, "envFrom"), "secretRef.name"))
					.isEqualTo(PASSWORD_SECRET));
			assertThat(ConfigurationKeysTests.environment(manifests, workload, container)).as(source + ": " + app)
				.containsEntry(PASSWORD_KEY, "Secret " + PASSWORD_SECRET);
		});
		// Both apps count in the same Redis.
		assertThat(STORES.keySet().stream().map((app) -> redisAddress(manifests, app)).distinct()).hasSize(1);
	}

	@Test
	void baseRunsOneRedisWithoutPersistenceThatTheAppsReach() {
		Manifests manifests = Kustomize.render(Kustomize.BASE);
		Workload redis = manifests.workloads()
			.stream()
			.filter((workload) -> workload.name().equals("redis"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Redis workload in the base"));
		// One at a time: two Redis pods would split the counters.
		assertThat(redis.kind()).isEqualTo("StatefulSet");
		assertThat(Yamls.at(redis.spec(), "replicas")).isEqualTo(1);
		assertThat(Yamls.listAt(redis.spec(), "volumeClaimTemplates")).as("no persistent volume").isEmpty();
		Map<String, Object> container = redis.containers().get(0);
		assertThat(String.valueOf(container.get("image"))).matches("redis:7(\\.[0-9.]+)?");
		List<String> args = Yamls.listAt(container, "args").stream().map(String::valueOf).toList();
		assertThat(String.join(" ", args)).as("no RDB snapshots, no append-only file")
			.contains("--save  --appendonly no");
		assertThat(args).containsSubsequence("--requirepass", "$(REDISCLI_AUTH)");
		assertThat(Yamls.listAt(container, "env")).as("the password the apps log in with")
			.anySatisfy((item) -> {
				Map<String, Object> env = Yamls.map(item, "env");
				assertThat(env.get("name")).isEqualTo("REDISCLI_AUTH");
				assertThat(Yamls.stringAt(env, "valueFrom.secretKeyRef.name")).isEqualTo(PASSWORD_SECRET);
				assertThat(Yamls.stringAt(env, "valueFrom.secretKeyRef.key")).isEqualTo(PASSWORD_KEY);
			});
		Map<String, Object> security = Yamls.mapAt(container, "securityContext");
		assertThat(security).containsEntry("readOnlyRootFilesystem", true).containsEntry("runAsNonRoot", true);
		for (String probe : List.of("readinessProbe", "livenessProbe")) {
			// redis-cli exits 0 on NOAUTH too: a probe that ignores the answer could not fail.
			assertThat(String.valueOf(Yamls.at(container, probe + ".exec.command"))).as(probe).contains("PONG");
		}

		// What the apps are told is that Redis: a Service of that name selecting it, on that port.
		String[] address = redisAddress(manifests, "api-gateway").split(":");
		Map<String, Object> service = manifests.find("Service", address[0])
			.orElseThrow(() -> new AssertionError("no Service " + address[0]));
		assertThat(Manifests.selects(Yamls.mapAt(service, "spec.selector"), redis.podLabels(), true)).isTrue();
		assertThat(Yamls.listAt(service, "spec.ports")).anySatisfy((port) -> assertThat(Yamls.map(port, "port").get("port"))
			.isEqualTo(Integer.parseInt(address[1])));
		assertThat(redis.port(6379)).isPresent();
	}

	@Test
	void productionUsesAManagedRedis() {
		Manifests manifests = Kustomize.render(Kustomize.PRODUCTION);
		assertThat(manifests.workloads()).noneMatch((workload) -> workload.name().equals("redis"));
		assertThat(manifests.find("Service", "redis")).isEmpty();
		assertThat(redisAddress(manifests, "api-gateway")).isNotEqualTo("redis:6379").contains(".");
	}

	@Test
	void composeAppsCountInTheRedisServiceWithItsPassword() {
		Compose compose = Compose.load();
		Map<String, Object> redis = compose.services().get("redis");
		assertThat(redis).as("a redis service").isNotNull();
		assertThat(Yamls.listAt(redis, "volumes")).as("no volume: nothing to keep").isEmpty();
		List<String> command = Yamls.listAt(redis, "command").stream().map(String::valueOf).toList();
		// Starting with redis-server, the image's entry point drops root; through a shell it would not.
		assertThat(command.get(0)).isEqualTo("redis-server");
		assertThat(String.join(" ", command)).contains("--save  --appendonly no");
		String password = command.get(command.indexOf("--requirepass") + 1);
		assertThat(password).matches("\\$\\{[A-Z_]+:-example-[a-z-]+}");
		assertThat(Compose.environment(redis)).as("redis-cli in the health check logs in")
			.containsEntry("REDISCLI_AUTH", password);
		assertThat(String.valueOf(Yamls.listAt(redis, "healthcheck.test"))).contains("PONG");
		STORES.forEach((app, store) -> {
			Map<String, String> environment = Compose.environment(compose.services().get(app));
			assertThat(environment).as(app)
				.containsEntry(store, "redis")
				.containsEntry("SHOP_REDIS_HOST", "redis")
				.containsEntry("SHOP_REDIS_PORT", "6379")
				.containsEntry("SHOP_REDIS_PASSWORD", password);
			assertThat(Yamls.mapAt(compose.services().get(app), "depends_on")).as(app + " depends_on")
				.containsKey("redis");
		});
	}

	/** host:port of the Redis an app is configured with (in Kubernetes). */
	private static String redisAddress(Manifests manifests, String app) {
		Workload workload = manifests.deployments()
			.stream()
			.filter((deployment) -> deployment.name().equals(app))
			.findFirst()
			.orElseThrow();
		Map<String, String> values = configMapValues(manifests, workload.containers().get(0));
		return values.get("SHOP_REDIS_HOST") + ":" + values.get("SHOP_REDIS_PORT");
	}

	/** The values a container gets from the ConfigMaps of its envFrom (later ones win, as in Kubernetes). */
	private static Map<String, String> configMapValues(Manifests manifests, Map<String, Object> container) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Object item : Yamls.listAt(container, "envFrom")) {
			String name = Yamls.stringAt(Yamls.map(item, "envFrom"), "configMapRef.name");
			if (name != null) {
				manifests.find("ConfigMap", name)
					.ifPresent((config) -> values.putAll(Manifests.strings(Yamls.mapAt(config, "data"))));
			}
		}
		return values;
	}

}
