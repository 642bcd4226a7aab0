package shop.order.orders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.events.EventHeaders;
import shop.events.EventType;
import shop.events.OrderCancelled;
import shop.events.StockRejected;
import shop.events.StockReleased;
import shop.events.Topics;
import shop.events.UserPlacedOrder;
import shop.order.TestEvents;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestJwtIssuer;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.order.TestEvents.line;
import static shop.order.TestEvents.placed;
import static shop.order.TestEvents.rejected;
import static shop.order.TestEvents.reserved;

/**
 * Cancelling over HTTP on the running application: the status, the history, the {@code OrderCancelled} that leaves
 * through the outbox onto the real broker, and stock outcomes that arrive after the cancellation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class OrderCancellationIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static TestEvents events;

	@LocalServerPort
	private int port;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrap;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JdbcClient jdbc;

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
	void cancellingAConfirmedOrderPublishesOrderCancelledOnceAndTheReleaseEndsUpInTheHistory() throws Exception {
		UUID alice = UUID.randomUUID();
		UserPlacedOrder placed = placed(UUID.randomUUID(), alice, now(), line(UUID.randomUUID(), 2));
		events.send(placed);
		events.send(reserved(placed, "19.99", "EUR"));
		awaitStatus(placed.orderId(), OrderStatus.CONFIRMED);

		HttpResponse<String> cancelled = post("/api/orders/" + placed.orderId() + "/cancel", token(alice));

		assertThat(cancelled.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(cancelled.body());
		assertThat(body.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(body.get("total").decimalValue()).isEqualByComparingTo("39.98");
		assertThat(this.orders.findById(placed.orderId())).get()
			.extracting(Order::getStatus)
			.isEqualTo(OrderStatus.CANCELLED);

		ConsumerRecord<String, byte[]> record = awaitCancellation(placed.orderId());
		assertThat(TestKafka.header(record, EventHeaders.TYPE)).isEqualTo("OrderCancelled");
		assertThat(TestKafka.header(record, EventHeaders.VERSION)).isEqualTo("1");
		// The bytes have the shape of the golden fixture: same fields, no type info, no base64 string.
		JsonNode value = this.json.readTree(record.value());
		JsonNode fixture = this.json.readTree(EventType.ORDER_CANCELLED_V1.fixture());
		assertThat(value.propertyNames()).containsExactlyInAnyOrderElementsOf(fixture.propertyNames());
		OrderCancelled event = this.json.readValue(record.value(), OrderCancelled.class);
		assertThat(event.orderId()).isEqualTo(placed.orderId());
		assertThat(event.userId()).isEqualTo(alice);
		assertThat(event.reason()).isEqualTo(OrderCancelled.Reasons.SHOPPER_REQUEST);

		HttpResponse<String> again = post("/api/orders/" + placed.orderId() + "/cancel", token(alice));
		assertProblem(again, 409);

		RecordMetadata release = events.send(new StockReleased(UUID.randomUUID(), placed.orderId(),
				List.of(new StockReleased.Line(placed.items().get(0).productId(), 2)), Instant.now()));
		events.awaitConsumed(release);
		JsonNode order = this.json.readTree(get("/api/orders/" + placed.orderId(), token(alice)).body());
		assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.get("history").valueStream().map((change) -> change.get("status").asString() + "/"
				+ (change.get("reason").isNull() ? "-" : change.get("reason").asString())).toList())
			.containsExactly("PENDING/-", "CONFIRMED/-", "CANCELLED/SHOPPER_REQUEST", "CANCELLED/STOCK_RELEASED");
		assertThat(order.get("history").get(0).get("at").asString()).endsWith("Z");

		awaitOutboxDrained();
		assertThat(cancellations(placed.orderId())).as("one OrderCancelled, the 409 published nothing").hasSize(1);
	}

	@Test
	void aStockOutcomeArrivingAfterTheCancellationDoesNotConfirmTheOrder() throws Exception {
		UUID bob = UUID.randomUUID();
		UserPlacedOrder placed = placed(UUID.randomUUID(), bob, now(), line(UUID.randomUUID(), 1));
		events.send(placed);
		awaitStatus(placed.orderId(), OrderStatus.PENDING);

		HttpResponse<String> cancelled = post("/api/orders/" + placed.orderId() + "/cancel", token(bob));
		assertThat(cancelled.statusCode()).isEqualTo(200);

		// The reservation was in flight: product-service releases it when the cancellation reaches it.
		events.awaitConsumed(events.send(reserved(placed, "5.00", "EUR")));
		events.awaitConsumed(events.send(rejected(placed, StockRejected.Reasons.ORDER_CANCELLED)));

		Order order = this.orders.findById(placed.orderId()).orElseThrow();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getTotal()).isNull();
		assertThat(order.getItems().get(0).unitPrice()).isNull();
		assertThat(this.jdbc.sql("select count(*) from order_status_changes where order_id = ?")
			.param(placed.orderId())
			.query(Integer.class)
			.single()).isEqualTo(2);
		awaitCancellation(placed.orderId());
	}

	@Test
	void aRejectedOrderCannotBeCancelledAndAnotherShoppersOrderIsNotFound() throws Exception {
		UUID carol = UUID.randomUUID();
		UserPlacedOrder placed = placed(UUID.randomUUID(), carol, now(), line(UUID.randomUUID(), 3));
		events.send(placed);
		events.send(rejected(placed, StockRejected.Reasons.INSUFFICIENT_STOCK));
		awaitStatus(placed.orderId(), OrderStatus.REJECTED);

		assertProblem(post("/api/orders/" + placed.orderId() + "/cancel", token(carol)), 409);
		assertProblem(post("/api/orders/" + placed.orderId() + "/cancel", token(UUID.randomUUID())), 404);
		assertProblem(post("/api/orders/" + UUID.randomUUID() + "/cancel", token(carol)), 404);
		assertProblem(post("/api/orders/" + placed.orderId() + "/cancel", null), 401);

		assertThat(this.orders.findById(placed.orderId()).orElseThrow().getStatus()).isEqualTo(OrderStatus.REJECTED);
		awaitOutboxDrained();
		assertThat(cancellations(placed.orderId())).isEmpty();
	}

	private void awaitStatus(UUID orderId, OrderStatus status) {
		await().atMost(PATIENCE)
			.until(() -> this.orders.findById(orderId).map((order) -> order.getStatus() == status).orElse(false));
	}

	private ConsumerRecord<String, byte[]> awaitCancellation(UUID orderId) {
		return await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> cancellations(orderId), (records) -> !records.isEmpty())
			.get(0);
	}

	private List<ConsumerRecord<String, byte[]>> cancellations(UUID orderId) {
		return TestKafka.poll(this.bootstrap, Topics.ORDERS_CANCELLED, Duration.ofSeconds(5))
			.stream()
			.filter((record) -> orderId.toString().equals(record.key()))
			.toList();
	}

	/** Waits until every event stored in the outbox was sent (completed publications are deleted). */
	private void awaitOutboxDrained() {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.jdbc.sql("select count(*) from event_publication").query(Integer.class).single() == 0);
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET(), token);
	}

	private HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String token)
			throws IOException, InterruptedException {
		request.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).get("status").asInt()).isEqualTo(status);
	}

	private static String token(UUID userId) {
		return TestJwtIssuer.shared().token(userId, "USER");
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
