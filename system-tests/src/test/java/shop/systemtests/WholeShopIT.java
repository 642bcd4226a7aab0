package shop.systemtests;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.local.ConsulAgent;
import shop.local.LocalShop;
import shop.local.ServiceProcess;
import shop.local.ShopService;
import shop.systemtests.RunningShop.Placed;
import shop.systemtests.RunningShop.Shopper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole shop as it runs locally ({@link RunningShop}: every part its own process, with Consul and two
 * product-service instances). Clients speak to the gateway only; the services' own ports are used just to read their
 * metrics and to compare latencies. This class runs after every other class that shares the shop, and its kill test
 * runs last: it takes one product-service instance away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
@ExtendWith(RunningShop.Extension.class)
class WholeShopIT {

	private final RunningShop running;

	private final LocalShop shop;

	private final URI gateway;

	private final String adminToken;

	private final ShopClient client;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	WholeShopIT(RunningShop running) {
		this.running = running;
		this.shop = running.local();
		this.gateway = running.gateway();
		this.adminToken = running.adminToken();
		this.client = running.client();
	}

	@Test
	@Order(1)
	void registersBrowsesAndOrdersThroughTheGatewayAlone() {
		Shopper shopper = this.running.register();
		ShopClient.Response me = this.client.get(this.gateway, "/api/users/me", shopper.token());
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo(shopper.email());

		ShopClient.Response catalog = this.client.get(this.gateway, "/api/products?size=100", null);
		assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
		assertThat(catalog.json().path("page").path("totalElements").asLong()).as("the demo catalog")
			.isGreaterThanOrEqualTo(20);
		JsonNode product = null;
		for (JsonNode candidate : catalog.json().path("content")) {
			if (candidate.path("stock").asInt() >= 2) {
				product = candidate;
				break;
			}
		}
		assertThat(product).as("a demo product with stock").isNotNull();
		UUID productId = UUID.fromString(product.path("id").asString());
		int stock = this.running.stock(productId);

		Placed placed = this.running.place(shopper, Map.of(productId, 2), null);
		assertThat(placed.response().header("Location")).endsWith("/api/orders/" + placed.orderId());

		JsonNode order = this.running.awaitFinal(placed);
		assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("CONFIRMED");
		assertThat(order.path("items").get(0).path("unitPrice").decimalValue())
			.isEqualByComparingTo(product.path("price").decimalValue());
		assertThat(this.running.stock(productId)).isEqualTo(stock - 2);
	}

	@Test
	@Order(2)
	void refusesAnOrderBeyondTheStockAtOnceAndLeavesTheStockAlone() {
		// user-service asks product-service (found through Consul) before accepting: 422, nothing ordered. Without
		// that answer the order would be accepted and REJECTED by the event flow (OrderFlowIT, no Consul there).
		Shopper shopper = this.running.register();
		UUID product = this.running.createProduct(new BigDecimal("5.00"), 1);

		ShopClient.Response response = this.running.tryPlace(shopper, Map.of(product, 2), null);

		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("items[0].quantity");
		assertThat(response.json().path("errors").get(0).path("message").asString()).isEqualTo("only 1 in stock");
		assertThat(this.running.stock(product)).isEqualTo(1);
	}

	@Test
	@Order(3)
	void hidesAnOrderFromOtherShoppers() {
		Shopper owner = this.running.register();
		Shopper other = this.running.register();
		UUID product = this.running.createProduct(new BigDecimal("1.00"), 10);
		Placed placed = this.running.place(owner, Map.of(product, 1), null);
		this.running.awaitFinal(placed);

		ShopClient.Response response = this.client.get(this.gateway, "/api/orders/" + placed.orderId(),
				other.token());

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	@Order(4)
	void placesOneOrderForTwoRequestsWithTheSameIdempotencyKey() {
		Shopper shopper = this.running.register();
		UUID product = this.running.createProduct(new BigDecimal("2.50"), 5);
		String key = UUID.randomUUID().toString();

		Placed first = this.running.place(shopper, Map.of(product, 1), key);
		Placed second = this.running.place(shopper, Map.of(product, 1), key);

		assertThat(second.orderId()).isEqualTo(first.orderId());
		assertThat(this.running.awaitFinal(first).path("status").asString()).isEqualTo("CONFIRMED");
		ShopClient.Response list = this.client.get(this.gateway, "/api/orders", shopper.token());
		assertThat(list.json().path("page").path("totalElements").asLong()).as(list.toString()).isEqualTo(1);
		assertThat(this.running.stock(product)).isEqualTo(4);
	}

	@Test
	@Order(5)
	void sellsTheLastTenUnitsToExactlyTenOfThirtyConcurrentShoppers() throws Exception {
		UUID product = this.running.createProduct(new BigDecimal("9.99"), 10);
		// Registration hashes passwords: a few at a time, so that no request waits near the gateway's timeout.
		ExecutorService registering = Executors.newFixedThreadPool(4);
		ExecutorService placing = Executors.newFixedThreadPool(30);
		try {
			List<Future<Shopper>> shoppers = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				shoppers.add(registering.submit(this.running::register));
			}
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Placed>> orders = new ArrayList<>();
			for (Future<Shopper> shopper : shoppers) {
				Shopper registered = shopper.get();
				orders.add(placing.submit(() -> {
					go.await();
					ShopClient.Response response = this.running.tryPlace(registered, Map.of(product, 1), null);
					// 422: user-service's availability check already saw the stock gone (a race it may win or not).
					assertThat(response.status()).as(response.toString()).isIn(202, 422);
					return (response.status() == 202) ? new Placed(
							UUID.fromString(response.json().path("orderId").asString()), registered, response) : null;
				}));
			}
			go.countDown();
			List<Placed> placed = new ArrayList<>();
			int refusedAtOnce = 0;
			for (Future<Placed> order : orders) {
				Placed accepted = order.get();
				if (accepted != null) {
					placed.add(accepted);
				}
				else {
					refusedAtOnce++;
				}
			}
			assertThat(placed.stream().map(Placed::orderId).distinct()).hasSize(30 - refusedAtOnce);

			Map<String, Long> byStatus = placed.stream()
				.map(this.running::awaitFinal)
				.collect(Collectors.groupingBy((o) -> o.path("status").asString(), Collectors.counting()));

			assertThat(byStatus.get("CONFIRMED")).as(byStatus.toString()).isEqualTo(10L);
			assertThat(byStatus.getOrDefault("REJECTED", 0L) + refusedAtOnce).as(byStatus.toString()).isEqualTo(20L);
			assertThat(this.running.stock(product)).isZero();
		}
		finally {
			registering.shutdownNow();
			placing.shutdownNow();
		}
	}

	@Test
	@Order(6)
	void answersAnUnknownPathWithAProblem() {
		ShopClient.Response response = this.client.get(this.gateway, "/api/nothing-here", null);

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(404);
	}

	@Test
	@Order(7)
	void keepsTheServicesActuatorsOutOfReach() throws Exception {
		ServiceProcess products = this.shop.service(ShopService.PRODUCT);
		HttpResponse<String> direct = raw(products.baseUri() + "/actuator/prometheus");
		assertThat(direct.statusCode()).as("the service itself serves its metrics").isEqualTo(200);
		assertThat(direct.body()).contains("http_server_requests");

		for (String path : List.of("/product-service/actuator/prometheus", "/api/products/actuator/prometheus",
				"/api/products/..%2F..%2Factuator%2Fprometheus", "/api/products/%2e%2e/%2e%2e/actuator/prometheus",
				"/api/users/..%2F..%2Factuator%2Fenv", "/api/orders/%2e%2e/%2e%2e/actuator/health",
				"/actuator/env", "/actuator/gateway/routes")) {
			HttpResponse<String> response = raw(this.gateway + path);
			assertThat(response.statusCode()).as("%s -> %s %s", path, response.statusCode(), response.body())
				.isBetween(400, 499);
			assertThat(response.body()).as(path).doesNotContain("# TYPE").doesNotContain("\"UP\"");
		}
	}

	@Test
	@Order(8)
	void listsEveryApplicationAsPassingInConsul() throws Exception {
		ConsulAgent consul = this.shop.consul().orElseThrow();
		Map<String, Integer> passing = new LinkedHashMap<>();
		for (String service : List.of("user-service", "product-service", "order-service", "api-gateway")) {
			JsonNode entries = this.json
				.readTree(raw(consul.httpUri() + "/v1/health/service/" + service + "?passing").body());
			passing.put(service, entries.size());
			for (JsonNode entry : entries) {
				assertThat(entry.path("Service").path("Address").asString()).isEqualTo("127.0.0.1");
				for (JsonNode check : entry.path("Checks")) {
					assertThat(check.path("Status").asString()).as(check.toString()).isEqualTo("passing");
				}
			}
		}
		assertThat(passing)
			.isEqualTo(Map.of("user-service", 1, "product-service", 2, "order-service", 1, "api-gateway", 1));
	}

	@Test
	@Order(9)
	void spreadsProductReadsOverBothInstancesAsTheirOwnMetricsShow() throws Exception {
		UUID product = this.running.createProduct(new BigDecimal("3.00"), 3);
		List<ServiceProcess> instances = this.shop.instances(ShopService.PRODUCT);
		assertThat(instances).hasSize(2);
		List<Long> before = new ArrayList<>();
		for (ServiceProcess instance : instances) {
			before.add(productReadsServed(instance));
		}

		int reads = 40;
		for (int i = 0; i < reads; i++) {
			assertThat(this.client.get(this.gateway, "/api/products/" + product, null).status()).isEqualTo(200);
		}

		// An instance counts a request just after answering it: give the last one a moment.
		List<Long> served = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			served.clear();
			for (int i = 0; i < instances.size(); i++) {
				served.add(productReadsServed(instances.get(i)) - before.get(i));
			}
			assertThat(served.stream().mapToLong(Long::longValue).sum()).as(served.toString()).isEqualTo(reads);
		});
		this.running.report("40 reads through the gateway, served per product-service instance", served.toString());
		assertThat(served).as("GET /api/products/{id} served per instance")
			.allSatisfy((n) -> assertThat(n).isPositive());
	}

	@Test
	@Order(10)
	void addsLittleLatencyAtTheGateway() throws Exception {
		UUID product = this.running.createProduct(new BigDecimal("4.00"), 4);
		String viaGateway = this.gateway + "/api/products/" + product;
		String direct = this.shop.service(ShopService.PRODUCT).baseUri() + "/api/products/" + product;
		for (int i = 0; i < 50; i++) {
			raw(viaGateway);
			raw(direct);
		}
		List<Duration> gatewayTimes = new ArrayList<>();
		List<Duration> directTimes = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			gatewayTimes.add(timed(viaGateway));
			directTimes.add(timed(direct));
		}
		this.running.report("GET /api/products/{id} x200 sequential", "gateway " + latency(gatewayTimes) + ", direct "
				+ latency(directTimes));
		assertThat(percentile(gatewayTimes, 50)).isLessThan(Duration.ofSeconds(1));
	}

	/** Last: one product-service instance is killed like a crash, and reads must go on through the other one. */
	@Test
	@Order(11)
	void keepsServingProductReadsWhenAnInstanceIsKilled() throws Exception {
		UUID product = this.running.createProduct(new BigDecimal("6.00"), 6);
		ConsulAgent consul = this.shop.consul().orElseThrow();
		ServiceProcess survivor = this.shop.instances(ShopService.PRODUCT).get(0);
		ServiceProcess victim = this.shop.instances(ShopService.PRODUCT).get(1);
		assertThat(victim.name()).isEqualTo("product-service#2");
		long survivorBefore = productReadsServed(survivor);

		long killedAt = System.nanoTime();
		victim.kill();
		List<Long> failuresAfterKillMs = new ArrayList<>();
		long requests = 0;
		long criticalAfterMs = -1;
		long windowEnd = killedAt + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < windowEnd) {
			long sinceKill = (System.nanoTime() - killedAt) / 1_000_000;
			requests++;
			if (!readSucceeds(this.gateway + "/api/products/" + product)) {
				failuresAfterKillMs.add(sinceKill);
			}
			if (criticalAfterMs < 0 && requests % 5 == 0 && instanceIsCritical(consul, victim.port())) {
				criticalAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
			}
			long lastFailure = last(failuresAfterKillMs);
			// Enough: Consul knows, and the last 5 s went without a single failure.
			if (criticalAfterMs >= 0 && sinceKill > criticalAfterMs + 5000 && sinceKill - lastFailure > 5000) {
				break;
			}
		}
		long lastFailureMs = last(failuresAfterKillMs);
		this.running.report("kill -9 " + victim.name(), String.format(Locale.ROOT,
				"%d sequential reads through the gateway in the %.1fs after the kill, %d failed%s, Consul critical "
						+ "after %.1fs",
				requests, (System.nanoTime() - killedAt) / 1e9, failuresAfterKillMs.size(),
				failuresAfterKillMs.isEmpty() ? ""
						: String.format(Locale.ROOT, " (the last %.1fs after the kill)", lastFailureMs / 1000.0),
				criticalAfterMs / 1000.0));

		assertThat(criticalAfterMs).as("Consul marks the killed instance critical").isBetween(0L, 15_000L);
		assertThat(lastFailureMs).as("failures after the kill: %s", failuresAfterKillMs).isLessThan(10_000L);
		assertThat(LocalShop.passingInstances(consul, "product-service")).isEqualTo(1);
		for (int i = 0; i < 20; i++) {
			assertThat(readSucceeds(this.gateway + "/api/products/" + product)).isTrue();
		}
		assertThat(productReadsServed(survivor)).as("the survivor took the traffic").isGreaterThan(survivorBefore);
	}

	private static long last(List<Long> values) {
		return values.isEmpty() ? 0 : values.get(values.size() - 1);
	}

	private boolean readSucceeds(String url) {
		try {
			return raw(url).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean instanceIsCritical(ConsulAgent consul, int port) throws IOException {
		JsonNode entries = this.json.readTree(raw(consul.httpUri() + "/v1/health/service/product-service").body());
		for (JsonNode entry : entries) {
			if (entry.path("Service").path("Port").asInt() == port) {
				for (JsonNode check : entry.path("Checks")) {
					if ("critical".equals(check.path("Status").asString())) {
						return true;
					}
				}
				return false;
			}
		}
		return true;
	}

	/** GET /api/products/{id} answers counted by the instance itself ({@code http_server_requests} in Prometheus). */
	private long productReadsServed(ServiceProcess instance) throws IOException {
		String metrics = raw(instance.baseUri() + "/actuator/prometheus").body();
		double total = 0;
		for (String line : metrics.split("\n")) {
			if (line.startsWith("http_server_requests_seconds_count{") && line.contains("uri=\"/api/products/{id}\"")
					&& line.contains("method=\"GET\"")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return (long) total;
	}

	private HttpResponse<String> raw(String url) throws IOException {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private Duration timed(String url) throws IOException {
		long start = System.nanoTime();
		HttpResponse<String> response = raw(url);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return took;
	}

	private static String latency(List<Duration> times) {
		return String.format(Locale.ROOT, "p50=%.1fms p95=%.1fms", percentile(times, 50).toNanos() / 1e6,
				percentile(times, 95).toNanos() / 1e6);
	}

	private static Duration percentile(List<Duration> times, int percentile) {
		List<Duration> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

}
