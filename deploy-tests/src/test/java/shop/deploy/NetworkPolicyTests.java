package shop.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may talk to whom, evaluated from the rendered NetworkPolicies: default deny, only
 * the gateway reachable from outside, and each app reaching exactly what it needs
 * (PostgreSQL, Kafka, Consul, user-service's JWKS, product-service for user-service's availability check, and
 * Redis for the gateway's rate limits and user-service's sign-in throttle).
 */
class NetworkPolicyTests {

	@Test
	void baseAllowsExactlyTheConnectionsTheShopNeeds() {
		NetworkPolicies policies = new NetworkPolicies(Kustomize.render(Kustomize.BASE));
		assertThat(policies.podToPod()).containsExactlyInAnyOrder(
				// The gateway routes to the services and looks instances up in Consul.
				"api-gateway -> user-service:8081", "api-gateway -> product-service:8082",
				"api-gateway -> order-service:8083", "api-gateway -> consul:8500",
				// The two apps that share counters between their replicas: Redis.
				"api-gateway -> redis:6379", "user-service -> redis:6379",
				// Each service: its database, the broker, Consul; the two token-checking
				// services the JWKS.
				"user-service -> postgres:5432", "user-service -> kafka:9092", "user-service -> consul:8500",
				// user-service asks product-service before accepting an order.
				"user-service -> product-service:8082", "product-service -> postgres:5432", "product-service -> kafka:9092", "product-service -> consul:8500",
				"product-service -> user-service:8081", "order-service -> postgres:5432", "order-service -> kafka:9092",
				"order-service -> consul:8500", "order-service -> user-service:8081",
				// Consul's health checks of every app, and the infrastructure with
				// itself.
				"consul -> api-gateway:8080", "consul -> user-service:8081", "consul -> product-service:8082",
				"consul -> order-service:8083", "consul -> consul:8300", "consul -> consul:8301", "kafka -> kafka:9092",
				"kafka -> kafka:9093");
		assertThat(policies.reachableFromAnywhere()).containsExactly("api-gateway:8080");
		assertThat(policies.addressRanges()).isEmpty();
		assertThat(policies.canResolveNames()).containsExactlyInAnyOrder("api-gateway", "user-service",
				"product-service", "order-service", "postgres", "kafka", "consul", "redis");
	}

	@Test
	void productionAllowsTheAppsAndTheManagedEndpointsOnly() {
		NetworkPolicies policies = new NetworkPolicies(Kustomize.render(Kustomize.PRODUCTION));
		assertThat(policies.podToPod()).containsExactlyInAnyOrder("api-gateway -> user-service:8081",
				"api-gateway -> product-service:8082", "api-gateway -> order-service:8083",
				"product-service -> user-service:8081", "order-service -> user-service:8081",
				"user-service -> product-service:8082");
		assertThat(policies.reachableFromAnywhere()).containsExactly("api-gateway:8080");
		Set<String> ranges = policies.addressRanges();
		assertThat(ranges).isNotEmpty().noneMatch((edge) -> edge.contains("0.0.0.0/0") || edge.contains("::/0"));
		// Out to the managed PostgreSQL, Kafka and Consul ports only; in from the Consul
		// agents' health checks only.
		// Out ("pod -> range:ports") to the managed PostgreSQL, Kafka and Consul ports
		// only; in ("range -> pod:ports")
		// for the Consul agents' health checks of the apps' own port only.
		assertThat(ranges.stream().filter((edge) -> !Character.isDigit(edge.charAt(0)))).isNotEmpty()
			.allMatch((edge) -> edge.matches("[a-z-]+ -> [0-9a-f.:/]+:(5432|9092-9098|8500,8501|6379)"));
		// Redis only from the two apps that count in it.
		assertThat(ranges.stream().filter((edge) -> edge.endsWith(":6379")).map((edge) -> edge.split(" ")[0]))
			.containsExactlyInAnyOrder("api-gateway", "user-service");
		assertThat(ranges.stream().filter((edge) -> Character.isDigit(edge.charAt(0)))).isNotEmpty()
			.allMatch((edge) -> edge
				.matches("[0-9a-f.:/]+ -> (api-gateway|user-service|product-service|order-service):http"));
		assertThat(policies.canResolveNames()).containsExactlyInAnyOrder("api-gateway", "user-service",
				"product-service", "order-service");
	}

	@Test
	void appsMayReachTheOtlpReceiverExactlyWhenTheyExportTraces() {
		for (String variant : List.of(Kustomize.BASE, Kustomize.PRODUCTION)) {
			Manifests manifests = Kustomize.render(variant);
			Map<String, String> platform = Manifests.strings(Yamls.mapAt(manifests.ofKind("ConfigMap")
				.stream()
				.filter((map) -> Manifests.name(map).startsWith("shop-platform"))
				.findFirst()
				.orElseThrow(), "data"));
			Set<String> toReceiver = new NetworkPolicies(manifests).toOtherNamespaces()
				.stream()
				.filter((edge) -> !edge.contains("kube-dns"))
				.collect(java.util.stream.Collectors.toSet());
			if ("true".equals(platform.get("SHOP_TRACING_EXPORT"))) {
				int port = java.net.URI.create(platform.get("SHOP_TRACING_ENDPOINT")).getPort();
				for (String app : List.of("api-gateway", "user-service", "product-service", "order-service")) {
					assertThat(toReceiver).as(variant + ": " + app + " egress to the OTLP port " + port)
						.anyMatch((edge) -> edge.startsWith(app + " -> ") && edge.endsWith(":" + port));
				}
			}
			else {
				assertThat(toReceiver).as(variant + ": no export, no egress to another namespace").isEmpty();
			}
		}
	}

	@Test
	void evaluatorFindsAnOpening() {
		// The evaluator itself: a policy that opens every pod to everything must show up
		// as reachable from anywhere.
		Manifests manifests = Kustomize.render(Kustomize.BASE);
		List<Map<String, Object>> objects = new ArrayList<>(manifests.objects());
		objects.add(Repository.yamlDocuments("""
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: allow-all}
				spec:
				  podSelector: {}
				  policyTypes: [Ingress]
				  ingress: [{}]
				""").get(0));
		NetworkPolicies open = new NetworkPolicies(new Manifests("mutated", objects));
		assertThat(open.reachableFromAnywhere()).contains("postgres:5432", "user-service:8081");
	}

}
