package shop.order.orders;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import shop.events.UserPlacedOrder;
import shop.order.TestEvents;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.order.TestEvents.line;
import static shop.order.TestEvents.placed;
import static shop.order.TestEvents.reserved;

/** The HTTP contract through the running application, with real tokens checked against a real JWKS endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class OrderApiIT {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static TestEvents events;

	@LocalServerPort
	private int port;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JsonMapper json;

	@BeforeAll
	static void connect(@Value("${spring.kafka.bootstrap-servers}") String bootstrap, @Autowired JsonMapper mapper) {
		events = new TestEvents(bootstrap, mapper);
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void shopperSeesOwnConfirmedOrder() throws Exception {
		UUID alice = UUID.randomUUID();
		UUID book = UUID.randomUUID();
		UserPlacedOrder placed = placed(UUID.randomUUID(), alice, now(), line(book, 2));
		events.send(placed);
		events.send(reserved(placed, "19.99", "EUR"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.orders.findById(placed.orderId())
				.map((order) -> order.getStatus() == OrderStatus.CONFIRMED)
				.orElse(false));

		HttpResponse<String> response = get("/api/orders/" + placed.orderId(), token(alice));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode order = this.json.readTree(response.body());
		assertThat(fieldNames(order)).containsExactlyInAnyOrder("id", "userId", "status", "items", "total",
				"currency", "rejectionReason", "createdAt", "updatedAt", "history");
		assertThat(order.get("id").asString()).isEqualTo(placed.orderId().toString());
		assertThat(order.get("userId").asString()).isEqualTo(alice.toString());
		assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.get("items")).hasSize(1);
		assertThat(fieldNames(order.get("items").get(0))).containsExactlyInAnyOrder("productId", "quantity",
				"unitPrice");
		assertThat(order.get("items").get(0).get("productId").asString()).isEqualTo(book.toString());
		assertThat(order.get("items").get(0).get("quantity").asInt()).isEqualTo(2);
		assertThat(order.get("items").get(0).get("unitPrice").decimalValue()).isEqualTo(new BigDecimal("19.99"));
		// Two decimals on the wire, as a JSON number.
		assertThat(response.body()).contains("\"total\":39.98").contains("\"unitPrice\":19.99");
		assertThat(order.get("currency").asString()).isEqualTo("EUR");
		assertThat(order.get("rejectionReason").isNull()).isTrue();
		assertThat(Instant.parse(order.get("createdAt").asString())).isEqualTo(placed.placedAt());
		assertThat(order.get("updatedAt").asString()).endsWith("Z");
	}

	@Test
	void anotherShoppersOrderIsNotFoundLikeAMissingOne() throws Exception {
		Order order = this.orders.save(pending(UUID.randomUUID(), now()));
		UUID mallory = UUID.randomUUID();

		HttpResponse<String> foreign = get("/api/orders/" + order.getId(), token(mallory));
		HttpResponse<String> missing = get("/api/orders/" + UUID.randomUUID(), token(mallory));

		assertProblem(foreign, 404);
		assertProblem(missing, 404);
		assertThat(this.json.readTree(foreign.body()).get("title"))
			.isEqualTo(this.json.readTree(missing.body()).get("title"));
	}

	@Test
	void withoutValidTokenIsUnauthorized() throws Exception {
		UUID alice = UUID.randomUUID();
		Order order = this.orders.save(pending(alice, now()));
		TestJwtIssuer issuer = TestJwtIssuer.shared();

		assertProblem(get("/api/orders/" + order.getId(), null), 401);
		assertProblem(get("/api/orders", null), 401);
		assertProblem(get("/api/orders", issuer.tokenFor(alice).expired().build()), 401);
		assertProblem(get("/api/orders", issuer.tokenFor(alice).audience("another-api").build()), 401);
		assertProblem(get("/api/orders", issuer.tokenFor(alice).issuer("urn:someone-else").build()), 401);
		assertProblem(get("/api/orders/" + order.getId(), issuer.tokenFor(alice).signedWithForeignKey().build()),
				401);
	}

	@Test
	void badOrderIdIsBadRequest() throws Exception {
		HttpResponse<String> response = get("/api/orders/not-a-uuid", token(UUID.randomUUID()));

		assertProblem(response, 400);
		assertThat(this.json.readTree(response.body()).at("/errors/0/field").asString()).isEqualTo("id");
	}

	@Test
	void listsOnlyOwnOrdersNewestFirstInCappedPages() throws Exception {
		UUID alice = UUID.randomUUID();
		Instant start = now().minus(Duration.ofDays(1));
		for (int i = 0; i < 105; i++) {
			this.orders.save(pending(alice, start.plusSeconds(i)));
		}
		this.orders.save(pending(UUID.randomUUID(), start.plusSeconds(1000)));

		JsonNode first = this.json.readTree(get("/api/orders?page=0&size=3", token(alice)).body());
		JsonNode second = this.json.readTree(get("/api/orders?page=1&size=3", token(alice)).body());
		JsonNode capped = this.json.readTree(get("/api/orders?size=1000", token(alice)).body());
		JsonNode defaults = this.json.readTree(get("/api/orders", token(alice)).body());

		assertThat(fieldNames(first)).containsExactlyInAnyOrder("content", "page");
		assertThat(first.get("page").get("size").asInt()).isEqualTo(3);
		assertThat(first.get("page").get("number").asInt()).isEqualTo(0);
		assertThat(first.get("page").get("totalElements").asLong()).isEqualTo(105);
		assertThat(first.get("page").get("totalPages").asInt()).isEqualTo(35);
		assertThat(createdAts(first)).containsExactly(start.plusSeconds(104), start.plusSeconds(103),
				start.plusSeconds(102));
		assertThat(createdAts(second)).containsExactly(start.plusSeconds(101), start.plusSeconds(100),
				start.plusSeconds(99));
		assertThat(first.get("content")).allSatisfy(
				(order) -> assertThat(order.get("userId").asString()).isEqualTo(alice.toString()));
		assertThat(capped.get("page").get("size").asInt()).isEqualTo(100);
		assertThat(capped.get("content")).hasSize(100);
		assertThat(defaults.get("page").get("size").asInt()).isEqualTo(20);
	}

	@Test
	void healthAndMetricsArePublicAndNothingElseIs() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		HttpResponse<String> prometheus = get("/actuator/prometheus", null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("shop_orders_confirmed_total");
		assertThat(get("/actuator/env", null).statusCode()).isIn(401, 404);
		assertThat(get("/actuator/env", token(UUID.randomUUID())).statusCode()).isIn(403, 404);
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.has("title")).isTrue();
	}

	private static String token(UUID userId) {
		return TestJwtIssuer.shared().token(userId, "USER");
	}

	private static Order pending(UUID userId, Instant placedAt) {
		return Order.place(UUID.randomUUID(), userId, List.of(OrderItem.of(UUID.randomUUID(), 1)), placedAt,
				placedAt.plusMillis(20));
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}

	private static List<Instant> createdAts(JsonNode page) {
		return page.get("content").valueStream().map((order) -> Instant.parse(order.get("createdAt").asString())).toList();
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
