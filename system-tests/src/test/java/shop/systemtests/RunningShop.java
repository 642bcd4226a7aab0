package shop.systemtests;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import shop.local.AppJvmOptions;
import shop.local.ConsulAgent;
import shop.local.LocalPostgres;
import shop.local.LocalShop;
import shop.local.Progress;
import shop.local.ShopService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * One whole shop for every whole-shop test class: started on first use, closed when the test run ends (it lives in
 * JUnit's root store). Starting it takes a minute or two on two cores, so classes share it instead of starting their
 * own. Every part is its own process, started by the launcher's code ({@link LocalShop}): a Consul agent, a Kafka
 * broker, user-, product- and order-service, a second product-service instance, and the gateway.
 *
 * <p>
 * Use it with {@code @ExtendWith(RunningShop.Extension.class)} and a constructor (or method) parameter of this type.
 * Tests must leave the shop usable for the classes after them: create their own shoppers and products, and never
 * stop a process (only {@link WholeShopIT}, ordered last, kills an instance).
 */
final class RunningShop implements AutoCloseable {

	static final Duration FINAL_STATE_TIMEOUT = Duration.ofMinutes(2);

	static final String ADMIN_EMAIL = "admin@whole-shop.test";

	private final String adminPassword = "whole-" + UUID.randomUUID();

	private final ShopClient client = new ShopClient();

	/** Figures for the SYSTEM-TEST line printed when the shop stops. */
	private final Map<String, String> report = Collections.synchronizedMap(new LinkedHashMap<>());

	private final LocalPostgres postgres;

	private final LocalShop shop;

	private final String adminToken;

	private RunningShop() {
		Path root = LocalShop.repositoryRoot();
		Path consul = ConsulAgent.findBinary(root).orElse(null);
		if (consul == null) {
			String message = "No consul binary (PATH, SHOP_CONSUL_BINARY or .shop/tools/consul): run "
					+ "scripts/fetch-consul.sh (Debian/Ubuntu) or install Consul";
			if (System.getenv("CI") != null && !"false".equals(System.getenv("CI"))) {
				fail("CI must run the whole-shop system tests with a real Consul agent. " + message);
			}
			Assumptions.abort(message);
		}
		String run = "whole_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 6);
		// Every process exports its recorded spans to the test's own OTLP receiver (TracingIT reads them); the
		// sampling stays at the shipped 10 %. The gateway trusts the test client's traceparent, as it would a proxy
		// of the shop's own (TracingIT names its trace that way). Logs are JSON lines, as in compose and Kubernetes,
		// with each request's DispatcherServlet lines (ExemplarLinksIT finds a request's lines by its trace id).
		List<String> jvmOptions = new ArrayList<>(AppJvmOptions.defaults());
		jvmOptions.addAll(TraceCollector.shared().exportOptions());
		jvmOptions.addAll(List.of("-Dshop.gateway.trust-incoming-trace-context=true", "-DSHOP_LOG_FORMAT=json",
				"-Dlogging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG"));
		this.postgres = LocalPostgres.fromEnvironment();
		LocalShop.Options options = LocalShop.Options
			.isolated(root, root.resolve("system-tests/target/whole-shop-state").resolve(run), this.postgres, run,
					ADMIN_EMAIL, this.adminPassword, jvmOptions)
			.withDiscovery(LocalShop.Discovery.startConsul(consul, 0))
			.withGateway(0)
			.withProductInstances(2)
			.withDemoCatalog(true)
			.withProgress(Progress.printingTo(System.out));
		this.shop = LocalShop.start(options);
		System.out.print(this.shop.summary());
		this.report.put("ready", seconds(this.shop.startupTime()));
		this.adminToken = token(ADMIN_EMAIL, this.adminPassword);
	}

	/** The launcher's handle: processes, their ports, the Consul agent, the databases. */
	LocalShop local() {
		return this.shop;
	}

	URI gateway() {
		return this.shop.gateway().baseUri();
	}

	ShopClient client() {
		return this.client;
	}

	String adminToken() {
		return this.adminToken;
	}

	/** Adds a figure to the SYSTEM-TEST line that is printed when the shop stops. */
	void report(String key, String value) {
		this.report.put(key, value);
	}

	Shopper register() {
		String email = "shopper-" + UUID.randomUUID() + "@whole-shop.test";
		String password = "correct-horse-" + UUID.randomUUID();
		ShopClient.Response created = this.client.post(gateway(), "/api/users", null,
				Map.of("email", email, "password", password, "name", "Whole Shopper"), Map.of());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new Shopper(email, password, token(email, password));
	}

	String token(String email, String password) {
		ShopClient.Response response = this.client.post(gateway(), "/api/auth/token", null,
				Map.of("email", email, "password", password), Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("access_token").asString();
	}

	UUID createProduct(BigDecimal price, int stock) {
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("sku", "WHOLE-" + UUID.randomUUID());
		product.put("name", "Whole-shop product");
		product.put("description", "Made by the whole-shop test");
		product.put("price", price);
		product.put("currency", "EUR");
		product.put("stock", stock);
		ShopClient.Response response = this.client.post(gateway(), "/api/products", this.adminToken, product,
				Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return UUID.fromString(response.json().path("id").asString());
	}

	int stock(UUID product) {
		ShopClient.Response response = this.client.get(gateway(), "/api/products/" + product, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("stock").asInt();
	}

	/** Places an order through the gateway and expects it accepted (202, PENDING). */
	Placed place(Shopper shopper, Map<UUID, Integer> lines, String idempotencyKey) {
		ShopClient.Response response = tryPlace(shopper, lines, idempotencyKey);
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		assertThat(response.json().path("status").asString()).isEqualTo("PENDING");
		return new Placed(UUID.fromString(response.json().path("orderId").asString()), shopper, response);
	}

	/**
	 * Places an order through the gateway, whatever the answer: 202, or 422 when user-service's availability check
	 * (product-service found through Consul) already sees too little stock.
	 */
	ShopClient.Response tryPlace(Shopper shopper, Map<UUID, Integer> lines, String idempotencyKey) {
		List<Map<String, Object>> items = lines.entrySet()
			.stream()
			.map((e) -> Map.<String, Object>of("productId", e.getKey().toString(), "quantity", e.getValue()))
			.toList();
		return this.client.post(gateway(), "/api/orders", shopper.token(), Map.of("items", items),
				(idempotencyKey != null) ? Map.of("Idempotency-Key", idempotencyKey) : Map.of());
	}

	/** Polls the order through the gateway until it leaves PENDING. */
	JsonNode awaitFinal(Placed placed) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(FINAL_STATE_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			ShopClient.Response response = this.client.get(gateway(), "/api/orders/" + placed.orderId(),
					placed.shopper().token());
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().path("status").asString()).as(response.toString()).isNotEqualTo("PENDING");
			last[0] = response.json();
		});
		return last[0];
	}

	@Override
	public void close() {
		String rss = this.shop.rssKib()
			.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + mib(e.getValue()))
			.collect(Collectors.joining(" "));
		System.out.printf("SYSTEM-TEST whole shop: launcher start->ready %s | RSS after tests %s | %s%n",
				this.report.getOrDefault("ready", "?"), rss,
				this.report.entrySet()
					.stream()
					.filter((e) -> !e.getKey().equals("ready"))
					.map((e) -> e.getKey() + " " + e.getValue())
					.collect(Collectors.joining(" | ")));
		try {
			this.shop.close();
		}
		finally {
			for (ShopService service : ShopService.values()) {
				this.postgres.dropDatabase(this.shop.database(service));
			}
		}
	}

	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
	}

	private static String mib(OptionalLong kib) {
		return kib.isPresent() ? (kib.getAsLong() / 1024) + "MiB" : "gone";
	}

	record Shopper(String email, String password, String token) {
	}

	record Placed(UUID orderId, Shopper shopper, ShopClient.Response response) {
	}

	/**
	 * Resolves {@link RunningShop} parameters with the one shop of this test run, starting it on first use. A shop
	 * that failed to start is not retried by the next class: the failure is remembered and rethrown.
	 */
	static final class Extension implements ParameterResolver {

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
			.create(RunningShop.class);

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == RunningShop.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			Started started = context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(Started.class, (key) -> Started.start(), Started.class);
			return started.shop();
		}

	}

	/** The outcome of the one start: the shop, or why it could not start. Closing it stops the shop. */
	private record Started(RunningShop running, RuntimeException failure) implements AutoCloseable {

		static Started start() {
			try {
				return new Started(new RunningShop(), null);
			}
			catch (RuntimeException ex) {
				return new Started(null, ex);
			}
		}

		RunningShop shop() {
			if (this.failure != null) {
				throw this.failure;
			}
			return this.running;
		}

		@Override
		public void close() {
			if (this.running != null) {
				this.running.close();
			}
		}

	}

}
