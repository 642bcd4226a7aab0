package shop.product.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.testing.ShopTestInfrastructure;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The catalog's HTTP contract through the real application: real PostgreSQL, real JWT validation against a JWKS
 * endpoint ({@link TestJwtIssuer} stands in for user-service), the demo catalog seeded at start-up. The stock
 * listener is not started here: {@code StockReservationIT} owns the order topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shop.catalog.seed-demo=true", "spring.kafka.listener.auto-startup=false" })
@Import(ShopTestInfrastructure.class)
class ProductApiIT {

	private static final String PROBLEM_JSON = "application/problem+json";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DemoCatalog demoCatalog;

	@Test
	void seedsTheDemoCatalogOnceAndListsItByName() {
		Response page = call("GET", "/api/products?size=100", null, null);

		assertThat(page.status()).isEqualTo(200);
		List<String> skus = new ArrayList<>();
		List<String> names = new ArrayList<>();
		page.body().get("content").forEach((product) -> {
			skus.add(product.get("sku").stringValue());
			names.add(product.get("name").stringValue());
		});
		assertThat(skus).containsAll(this.demoCatalog.demoProducts().stream().map(NewProduct::sku).toList());
		assertThat(names).isSorted();
		assertThat(page.body().get("page").get("size").intValue()).isEqualTo(100);
		assertThat(this.demoCatalog.seedIfEmpty()).as("a second start-up inserts nothing").isZero();
		assertThat(this.jdbc.sql("select count(*) from products where sku like '___-___-0__'")
			.query(Integer.class)
			.single()).isEqualTo(24);
	}

	@Test
	void searchesNameSkuAndDescriptionRegardlessOfCase() {
		assertThat(skus(call("GET", "/api/products?q=KETTLE", null, null))).containsExactly("KIT-KTL-003");
		assertThat(skus(call("GET", "/api/products?q=kit-ktl", null, null))).containsExactly("KIT-KTL-003");
		assertThat(skus(call("GET", "/api/products?q=Pour-Over", null, null))).containsExactly("KIT-KTL-003");
		assertThat(skus(call("GET", "/api/products?q=%25", null, null))).as("%% is searched literally").isEmpty();
	}

	@Test
	void capsThePageSizeAtOneHundredAndPagesTheRest() {
		Response page = call("GET", "/api/products?size=1000&page=0", null, null);
		Response second = call("GET", "/api/products?size=5&page=1", null, null);

		assertThat(page.body().get("page").get("size").intValue()).isEqualTo(100);
		assertThat(second.body().get("page").get("number").intValue()).isEqualTo(1);
		assertThat(second.body().get("content").size()).isEqualTo(5);
		assertThat(second.body().get("page").get("totalElements").longValue()).isGreaterThanOrEqualTo(24);
	}

	@Test
	void refusesATooLargeBodyWith413AndTooLargeHeadersWith431() throws Exception {
		String admin = TestJwtIssuer.shared().token(UUID.randomUUID(), "USER", "ADMIN");
		String description = "x".repeat(70 * 1024);
		Response tooLarge = call("POST", "/api/products", admin, """
				{"sku": "BIG-0001", "name": "Big", "description": "%s", "price": 1, "currency": "EUR", "stock": 1}"""
			.formatted(description));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.contentType()).startsWith(PROBLEM_JSON);

		HttpResponse<String> hugeHeader = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/products"))
			.header("X-Padding", "y".repeat(20 * 1024))
			.GET()
			.build(), BodyHandlers.ofString());
		assertThat(hugeHeader.statusCode()).isEqualTo(431);
	}

	@Test
	void tellsTheStockOfKnownProductsAndLeavesUnknownOnesOut() {
		Response kettle = call("GET", "/api/products?q=KIT-KTL-003", null, null);
		JsonNode product = kettle.body().get("content").get(0);
		UUID unknown = UUID.randomUUID();

		Response availability = call("GET",
				"/api/products/availability?ids=" + product.get("id").stringValue() + "," + unknown, null, null);

		assertThat(availability.status()).isEqualTo(200);
		assertThat(availability.body().size()).isEqualTo(1);
		assertThat(availability.body().get(0).get("id").stringValue()).isEqualTo(product.get("id").stringValue());
		assertThat(availability.body().get(0).get("stock").intValue()).isEqualTo(product.get("stock").intValue());
	}

	@Test
	void anAdministratorAddsAndRevisesAProduct() {
		String admin = TestJwtIssuer.shared().token(UUID.randomUUID(), "USER", "ADMIN");
		String sku = "API-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

		Response created = call("POST", "/api/products", admin, """
				{"sku": "%s", "name": "Pour-Over Stand", "description": "Oak and steel", "price": 35.5,
				 "currency": "EUR", "stock": 8}""".formatted(sku));

		assertThat(created.status()).isEqualTo(201);
		String location = created.location();
		assertThat(location).isEqualTo("/api/products/" + created.body().get("id").stringValue());
		Response fetched = call("GET", location, null, null);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo(created.body());
		assertThat(fetched.text()).contains("\"price\":35.50");

		Response duplicate = call("POST", "/api/products", admin, """
				{"sku": "%s", "name": "Other", "price": 1, "currency": "EUR", "stock": 1}"""
			.formatted(sku.toLowerCase()));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.contentType()).startsWith(PROBLEM_JSON);

		Response revised = call("PATCH", location, admin, "{\"stock\": 7, \"price\": 12.5}");
		assertThat(revised.status()).isEqualTo(200);
		assertThat(revised.body().get("stock").intValue()).isEqualTo(7);
		assertThat(revised.text()).contains("\"price\":12.50");
		assertThat(revised.body().get("name").stringValue()).isEqualTo("Pour-Over Stand");

		Response skuChange = call("PATCH", location, admin, "{\"sku\": \"NEW-SKU\"}");
		assertThat(skuChange.status()).isEqualTo(400);
		assertThat(skuChange.body().get("errors").get(0).get("field").stringValue()).isEqualTo("sku");
		Response negative = call("PATCH", location, admin, "{\"stock\": -1}");
		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.contentType()).startsWith(PROBLEM_JSON);
		assertThat(call("GET", location, null, null).body().get("stock").intValue()).isEqualTo(7);
		assertThat(call("PATCH", "/api/products/" + UUID.randomUUID(), admin, "{\"stock\": 1}").status())
			.isEqualTo(404);
	}

	@Test
	void refusesInvalidProductsWithFieldLevelProblems() {
		String admin = TestJwtIssuer.shared().token(UUID.randomUUID(), "ADMIN");

		Response invalid = call("POST", "/api/products", admin, """
				{"sku": "", "name": " ", "price": -2, "currency": "eur", "stock": -1}""");

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.contentType()).startsWith(PROBLEM_JSON);
		List<String> fields = new ArrayList<>();
		invalid.body().get("errors").forEach((error) -> fields.add(error.get("field").stringValue()));
		assertThat(fields).contains("sku", "name", "price", "currency", "stock");
	}

	@Test
	void onlyAdministratorsChangeTheCatalog() {
		String product = """
				{"sku": "NOPE-1", "name": "Nope", "price": 1, "currency": "EUR", "stock": 1}""";
		TestJwtIssuer issuer = TestJwtIssuer.shared();

		Response anonymous = call("POST", "/api/products", null, product);
		Response shopper = call("POST", "/api/products", issuer.token(UUID.randomUUID(), "USER"), product);
		Response expired = call("POST", "/api/products",
				issuer.tokenFor(UUID.randomUUID()).roles("ADMIN").expired().build(), product);
		Response forged = call("POST", "/api/products",
				issuer.tokenFor(UUID.randomUUID()).roles("ADMIN").signedWithForeignKey().build(), product);
		Response otherAudience = call("POST", "/api/products",
				issuer.tokenFor(UUID.randomUUID()).roles("ADMIN").audience("another-api").build(), product);

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).startsWith(PROBLEM_JSON);
		assertThat(shopper.status()).isEqualTo(403);
		assertThat(shopper.contentType()).startsWith(PROBLEM_JSON);
		assertThat(expired.status()).isEqualTo(401);
		assertThat(forged.status()).isEqualTo(401);
		assertThat(otherAudience.status()).isEqualTo(401);
		assertThat(this.jdbc.sql("select count(*) from products where sku = 'NOPE-1'").query(Integer.class).single())
			.isZero();
	}

	@Test
	void concurrentAddsOfOneSkuGiveOneProductAndConflicts() throws Exception {
		String admin = TestJwtIssuer.shared().token(UUID.randomUUID(), "ADMIN");
		String sku = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
		List<Callable<Integer>> adds = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String name = "Racer " + i;
			adds.add(() -> call("POST", "/api/products", admin, """
					{"sku": "%s", "name": "%s", "price": 1, "currency": "EUR", "stock": 1}""".formatted(sku, name))
				.status());
		}

		List<Integer> statuses = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			for (Future<Integer> status : pool.invokeAll(adds)) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(statuses).containsOnly(201, 409);
		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
	}

	@Test
	void theDatabaseRefusesNegativeStockAndPrices() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("update products set stock = -1 where sku = 'KIT-KTL-003'").update());
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("update products set price = -0.01 where sku = 'KIT-KTL-003'").update());
	}

	@Test
	void exposesHealthInfoAndMetricsButNothingElse() {
		assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
		assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(200);
		assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(200);
		assertThat(call("GET", "/actuator/env", null, null).status()).isEqualTo(401);
		String admin = TestJwtIssuer.shared().token(UUID.randomUUID(), "ADMIN");
		assertThat(call("GET", "/actuator/env", admin, null).status()).isEqualTo(404);
	}

	private List<String> skus(Response page) {
		assertThat(page.status()).isEqualTo(200);
		List<String> skus = new ArrayList<>();
		page.body().get("content").forEach((product) -> skus.add(product.get("sku").stringValue()));
		return skus;
	}

	private Response call(String method, String path, String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "PATCH".equals(method) ? "application/merge-patch+json" : "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode json = contentType.contains("json") ? this.json.readTree(response.body()) : null;
			return new Response(response.statusCode(), contentType,
					response.headers().firstValue("Location").orElse(null), response.body(), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String contentType, String location, String text, JsonNode body) {
	}

}
