package shop.systemtests;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import shop.local.AppJvmOptions;
import shop.local.LocalPostgres;
import shop.local.LocalShop;
import shop.local.ShopService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The story of issue 2 against the real thing: the three services as separate JVMs from their exec jars, one Kafka
 * broker JVM, three fresh databases on the machine's PostgreSQL, and a client that only speaks HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(1)
class OrderFlowIT {

	private static final Duration FINAL_STATE_TIMEOUT = Duration.ofMinutes(2);

	private static final String ADMIN_EMAIL = "admin@flow.test";

	private final String adminPassword = "flow-" + UUID.randomUUID();

	private final ShopClient client = new ShopClient();

	/** Placement until final state of orders placed one at a time. */
	private final List<Duration> singleLatencies = Collections.synchronizedList(new ArrayList<>());

	/** The same for the 30 orders placed at once. */
	private final List<Duration> burstLatencies = Collections.synchronizedList(new ArrayList<>());

	private LocalPostgres postgres;

	private LocalShop shop;

	private URI users;

	private URI products;

	private URI orders;

	private String adminToken;

	@BeforeAll
	void startShop() {
		Path root = LocalShop.repositoryRoot();
		String run = "flow_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 6);
		this.postgres = LocalPostgres.fromEnvironment();
		// The launcher's options: three JVMs and a broker share two cores, so start-up and CPU matter more here
		// than peak throughput.
		LocalShop.Options options = LocalShop.Options.isolated(root,
				root.resolve("system-tests/target/flow-state").resolve(run), this.postgres, run, ADMIN_EMAIL,
				this.adminPassword, AppJvmOptions.defaults());
		this.shop = LocalShop.start(options);
		System.out.print(this.shop.summary());
		this.users = this.shop.service(ShopService.USER).baseUri();
		this.products = this.shop.service(ShopService.PRODUCT).baseUri();
		this.orders = this.shop.service(ShopService.ORDER).baseUri();
		this.adminToken = token(ADMIN_EMAIL, this.adminPassword);
	}

	@AfterAll
	void stopShop() {
		if (this.shop == null) {
			return;
		}
		String startup = "kafka=" + seconds(this.shop.kafka().startupTime()) + " "
				+ List.of(ShopService.values())
					.stream()
					.map((s) -> s.module() + "=" + seconds(this.shop.service(s).startupTime()))
					.collect(Collectors.joining(" "));
		String rss = List.of(ShopService.values())
			.stream()
			.map((s) -> s.module() + "=" + this.shop.service(s).rssKib().orElse(0) / 1024 + "MiB")
			.collect(Collectors.joining(" "));
		List<Duration> all = new ArrayList<>(this.singleLatencies);
		all.addAll(this.burstLatencies);
		System.out.printf("FLOW-TEST timings: startup %s | RSS %s | placement->final all %s | one at a time %s | "
				+ "30 at once %s%n", startup, rss, stats(all), stats(this.singleLatencies), stats(this.burstLatencies));
		try {
			this.shop.close();
		}
		finally {
			for (ShopService service : ShopService.values()) {
				this.postgres.dropDatabase(this.shop.database(service));
			}
		}
	}

	@Test
	void confirmsAnOrderAndDecrementsTheStock() {
		Shopper shopper = register();
		UUID product = createProduct(new BigDecimal("19.99"), 5);

		ShopClient.Response me = this.client.get(this.users, "/api/users/me", shopper.token());
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo(shopper.email());
		assertThat(me.body()).doesNotContainIgnoringCase("password");

		Placed placed = place(shopper, Map.of(product, 2), null);
		assertThat(placed.response().status()).as(placed.response().toString()).isEqualTo(202);
		assertThat(placed.response().json().path("status").asString()).isEqualTo("PENDING");
		assertThat(placed.response().header("Location")).endsWith("/api/orders/" + placed.orderId());

		JsonNode order = awaitFinal(placed);
		assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("CONFIRMED");
		assertThat(order.path("id").asString()).isEqualTo(placed.orderId().toString());
		assertThat(order.path("items")).hasSize(1);
		JsonNode line = order.path("items").get(0);
		assertThat(line.path("productId").asString()).isEqualTo(product.toString());
		assertThat(line.path("quantity").asInt()).isEqualTo(2);
		assertThat(line.path("unitPrice").decimalValue()).isEqualByComparingTo("19.99");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("39.98");
		assertThat(order.path("currency").asString()).isEqualTo("EUR");
		assertThat(stock(product)).isEqualTo(3);
	}

	@Test
	void rejectsAnOrderBeyondTheStockAndLeavesTheStockAlone() {
		Shopper shopper = register();
		UUID product = createProduct(new BigDecimal("5.00"), 1);

		JsonNode order = awaitFinal(place(shopper, Map.of(product, 2), null));

		assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("REJECTED");
		assertThat(order.path("rejectionReason").asString()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(stock(product)).isEqualTo(1);
	}

	@Test
	void rejectsAnOrderForAnUnknownProduct() {
		Shopper shopper = register();

		JsonNode order = awaitFinal(place(shopper, Map.of(UUID.randomUUID(), 1), null));

		assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("REJECTED");
		assertThat(order.path("rejectionReason").asString()).isEqualTo("UNKNOWN_PRODUCT");
	}

	@Test
	void hidesAnOrderFromOtherShoppers() {
		Shopper owner = register();
		Shopper other = register();
		UUID product = createProduct(new BigDecimal("1.00"), 10);
		Placed placed = place(owner, Map.of(product, 1), null);
		awaitFinal(placed);

		ShopClient.Response response = this.client.get(this.orders, "/api/orders/" + placed.orderId(), other.token());

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		ShopClient.Response list = this.client.get(this.orders, "/api/orders", other.token());
		assertThat(list.json().path("page").path("totalElements").asLong()).as(list.toString()).isZero();
	}

	@Test
	void placesOneOrderForTwoRequestsWithTheSameIdempotencyKey() {
		Shopper shopper = register();
		UUID product = createProduct(new BigDecimal("2.50"), 5);
		String key = UUID.randomUUID().toString();

		Placed first = place(shopper, Map.of(product, 1), key);
		Placed second = place(shopper, Map.of(product, 1), key);

		assertThat(second.response().status()).as(second.response().toString()).isEqualTo(202);
		assertThat(second.orderId()).isEqualTo(first.orderId());
		assertThat(awaitFinal(first).path("status").asString()).isEqualTo("CONFIRMED");
		ShopClient.Response list = this.client.get(this.orders, "/api/orders", shopper.token());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.json().path("page").path("totalElements").asLong()).as(list.toString()).isEqualTo(1);
		assertThat(list.json().path("content").get(0).path("id").asString()).isEqualTo(first.orderId().toString());
		assertThat(stock(product)).isEqualTo(4);
	}

	@Test
	void sellsTheLastTenUnitsToExactlyTenOfThirtyConcurrentShoppers() throws Exception {
		UUID product = createProduct(new BigDecimal("9.99"), 10);
		ExecutorService pool = Executors.newFixedThreadPool(30);
		try {
			List<Future<Shopper>> registering = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				registering.add(pool.submit(this::register));
			}
			List<Shopper> shoppers = new ArrayList<>();
			for (Future<Shopper> shopper : registering) {
				shoppers.add(shopper.get());
			}
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Placed>> placing = new ArrayList<>();
			for (Shopper shopper : shoppers) {
				placing.add(pool.submit(() -> {
					go.await();
					return place(shopper, Map.of(product, 1), null);
				}));
			}
			go.countDown();
			List<Placed> placed = new ArrayList<>();
			for (Future<Placed> order : placing) {
				placed.add(order.get());
			}
			assertThat(placed.stream().map(Placed::orderId).distinct()).hasSize(30);

			Map<UUID, JsonNode> outcomes = awaitFinal(placed, this.burstLatencies);

			Map<String, Long> byStatus = outcomes.values()
				.stream()
				.collect(Collectors.groupingBy((o) -> o.path("status").asString(), Collectors.counting()));
			assertThat(byStatus).as(byStatus.toString()).containsEntry("CONFIRMED", 10L).containsEntry("REJECTED", 20L);
			assertThat(outcomes.values()).filteredOn((o) -> o.path("status").asString().equals("REJECTED"))
				.allSatisfy((o) -> assertThat(o.path("rejectionReason").asString()).isEqualTo("INSUFFICIENT_STOCK"));
			assertThat(stock(product)).isZero();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Shopper register() {
		String email = "shopper-" + UUID.randomUUID() + "@flow.test";
		String password = "correct-horse-" + UUID.randomUUID();
		ShopClient.Response created = this.client.post(this.users, "/api/users", null,
				Map.of("email", email, "password", password, "name", "Flow Shopper"), Map.of());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).as(created.toString()).isNotBlank();
		assertThat(created.body()).doesNotContain(password);
		return new Shopper(email, token(email, password));
	}

	private String token(String email, String password) {
		ShopClient.Response response = this.client.post(this.users, "/api/auth/token", null,
				Map.of("email", email, "password", password), Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("token_type").asString()).isEqualTo("Bearer");
		assertThat(response.json().path("expires_in").asLong()).isPositive();
		return response.json().path("access_token").asString();
	}

	private UUID createProduct(BigDecimal price, int stock) {
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("sku", "FLOW-" + UUID.randomUUID());
		product.put("name", "Flow product");
		product.put("description", "Made by the flow test");
		product.put("price", price);
		product.put("currency", "EUR");
		product.put("stock", stock);
		ShopClient.Response response = this.client.post(this.products, "/api/products", this.adminToken, product,
				Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return UUID.fromString(response.json().path("id").asString());
	}

	private int stock(UUID product) {
		ShopClient.Response response = this.client.get(this.products, "/api/products/" + product, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("stock").asInt();
	}

	private Placed place(Shopper shopper, Map<UUID, Integer> lines, String idempotencyKey) {
		List<Map<String, Object>> items = lines.entrySet()
			.stream()
			.map((e) -> Map.<String, Object>of("productId", e.getKey().toString(), "quantity", e.getValue()))
			.toList();
		Instant sent = Instant.now();
		ShopClient.Response response = this.client.post(this.users, "/api/orders", shopper.token(),
				Map.of("items", items),
				(idempotencyKey != null) ? Map.of("Idempotency-Key", idempotencyKey) : Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		return new Placed(UUID.fromString(response.json().path("orderId").asString()), sent, shopper, response);
	}

	private JsonNode awaitFinal(Placed placed) {
		return awaitFinal(List.of(placed), this.singleLatencies).get(placed.orderId());
	}

	/** Polls order-service until every order left PENDING; records each order's placement-to-final latency. */
	private Map<UUID, JsonNode> awaitFinal(List<Placed> placed, List<Duration> latencies) {
		Map<UUID, JsonNode> finished = new ConcurrentHashMap<>();
		Set<String> lastSeen = ConcurrentHashMap.newKeySet();
		await().atMost(FINAL_STATE_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			lastSeen.clear();
			placed.forEach((order) -> {
				if (finished.containsKey(order.orderId())) {
					return;
				}
				ShopClient.Response response = this.client.get(this.orders, "/api/orders/" + order.orderId(),
						order.shopper().token());
				lastSeen.add(response.toString());
				if (response.status() == 200 && !"PENDING".equals(response.json().path("status").asString())) {
					Instant seen = Instant.now();
					finished.put(order.orderId(), response.json());
					latencies.add(latency(order.sent(), response.json(), seen));
				}
			});
			assertThat(finished).as("orders still not final: %s", lastSeen).hasSize(placed.size());
		});
		return finished;
	}

	/** From sending the order to order-service's last update of it (same clock); the poll time if not given. */
	private static Duration latency(Instant sent, JsonNode order, Instant seen) {
		String updatedAt = order.path("updatedAt").asString();
		if (updatedAt != null && !updatedAt.isBlank()) {
			Instant updated = OffsetDateTime.parse(updatedAt).toInstant();
			if (!updated.isBefore(sent)) {
				return Duration.between(sent, updated);
			}
		}
		return Duration.between(sent, seen);
	}

	private static String stats(List<Duration> latencies) {
		List<Duration> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return String.format("n=%d p50=%dms p95=%dms max=%dms", sorted.size(), percentile(sorted, 50),
				percentile(sorted, 95), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).toMillis());
	}

	private static long percentile(List<Duration> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)).toMillis();
	}

	private static String seconds(Duration duration) {
		return String.format("%.1fs", duration.toMillis() / 1000.0);
	}

	record Shopper(String email, String token) {
	}

	record Placed(UUID orderId, Instant sent, Shopper shopper, ShopClient.Response response) {
	}

}
