package shop.order.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.chassis.kafka.DeadLetterPublishing;
import shop.events.EventHeaders;
import shop.events.StockReserved;
import shop.events.Topics;
import shop.events.UserPlacedOrder;
import shop.order.TestEvents;
import shop.order.orders.Order;
import shop.order.orders.OrderRepository;
import shop.order.orders.OrderStatus;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.order.TestEvents.line;
import static shop.order.TestEvents.placed;
import static shop.order.TestEvents.rejected;
import static shop.order.TestEvents.reserved;

/** Records that can never be applied end on the dead-letter topic, intact and with a reason; the consumer goes on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class DeadLetterIT {

	private static final String PLACED_DLT = Topics.deadLetter(Topics.ORDERS_PLACED, TestEvents.GROUP);

	private static final String OUTCOMES_DLT = Topics.deadLetter(Topics.STOCK_OUTCOMES, TestEvents.GROUP);

	private static TestEvents events;

	private static JsonMapper json;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrap;

	@BeforeAll
	static void connect(@Value("${spring.kafka.bootstrap-servers}") String bootstrap, @Autowired JsonMapper mapper) {
		json = mapper;
		events = new TestEvents(bootstrap, mapper);
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void poisonPlacementsAreDeadLetteredAndTheNextRecordIsStillApplied() {
		UUID orderId = UUID.randomUUID();
		// All on one key, so one partition: the valid record comes after the poison in the consumer's way.
		String key = orderId.toString();
		UserPlacedOrder zeroQuantity = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 0));
		byte[] notJson = "{this is not json".getBytes(StandardCharsets.UTF_8);
		byte[] unknownVersion = json.writeValueAsBytes(placed(UUID.randomUUID(), UUID.randomUUID(), now(),
				line(UUID.randomUUID(), 1)));
		byte[] zeroQuantityBytes = json.writeValueAsBytes(zeroQuantity);
		byte[] withoutHeader = json.writeValueAsBytes(placed(UUID.randomUUID(), UUID.randomUUID(), now(),
				line(UUID.randomUUID(), 1)));

		events.raw(Topics.ORDERS_PLACED, key, notJson, headers("UserPlacedOrder", "1"));
		events.raw(Topics.ORDERS_PLACED, key, unknownVersion, headers("UserPlacedOrder", "99"));
		events.raw(Topics.ORDERS_PLACED, key, zeroQuantityBytes, headers("UserPlacedOrder", "1"));
		events.raw(Topics.ORDERS_PLACED, key, withoutHeader, Map.of(EventHeaders.VERSION, "1"));
		UserPlacedOrder valid = placed(orderId, UUID.randomUUID(), now(), line(UUID.randomUUID(), 1));
		events.raw(Topics.ORDERS_PLACED, key, json.writeValueAsBytes(valid), headers("UserPlacedOrder", "1"));

		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.existsById(orderId));
		List<ConsumerRecord<String, byte[]>> dead = deadLetters(PLACED_DLT, key, 4);
		assertThat(dead).extracting(ConsumerRecord::value)
			.containsExactly(notJson, unknownVersion, zeroQuantityBytes, withoutHeader);
		assertThat(dead).extracting((record) -> TestKafka.header(record, DeadLetterPublishing.REASON_HEADER))
			.satisfiesExactly((reason) -> assertThat(reason).contains("not a valid UserPlacedOrder"),
					(reason) -> assertThat(reason).contains("Unknown event UserPlacedOrder v99"),
					(reason) -> assertThat(reason).contains("quantity 0"),
					(reason) -> assertThat(reason).contains("Missing header " + EventHeaders.TYPE));
		// The refused record's processed mark rolled back with the rest: it was never applied.
		assertThat(this.orders.existsById(zeroQuantity.orderId())).isFalse();
		assertThat(this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(zeroQuantity.eventId())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void invalidOutcomesAreDeadLetteredAndLeaveTheOrderPending() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 2));
		events.send(placed);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.existsById(placed.orderId()));
		StockReserved good = reserved(placed, "3.00", "EUR");
		StockReserved wrongTotal = new StockReserved(UUID.randomUUID(), placed.orderId(), good.items(),
				good.total().add(java.math.BigDecimal.ONE), "EUR", Instant.now());
		StockReserved unknownCurrency = new StockReserved(UUID.randomUUID(), placed.orderId(), good.items(),
				good.total(), "ZZZ", Instant.now());
		StockReserved otherLines = reserved(placed(placed.orderId(), placed.userId(), now(),
				line(UUID.randomUUID(), 2)), "3.00", "EUR");

		events.send(wrongTotal);
		events.send(unknownCurrency);
		events.awaitConsumed(events.send(otherLines));

		List<ConsumerRecord<String, byte[]>> dead = deadLetters(OUTCOMES_DLT, placed.orderId().toString(), 3);
		assertThat(dead).extracting((record) -> TestKafka.header(record, DeadLetterPublishing.REASON_HEADER))
			.satisfiesExactly((reason) -> assertThat(reason).contains("not the sum of the lines"),
					(reason) -> assertThat(reason).contains("ZZZ"),
					(reason) -> assertThat(reason).contains("not the ordered lines"));
		assertThat(dead.get(0).value()).isEqualTo(json.writeValueAsBytes(wrongTotal));
		Order order = this.orders.findById(placed.orderId()).orElseThrow();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.getTotal()).isNull();
	}

	@Test
	void outcomeContradictingTheOrdersStatusIsDeadLetteredAndChangesNothing() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 1));
		events.send(placed);
		events.send(reserved(placed, "9.99", "EUR"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.orders.findById(placed.orderId())
				.map(Order::getStatus)
				.orElse(null) == OrderStatus.CONFIRMED);

		events.awaitConsumed(events.send(rejected(placed, "INSUFFICIENT_STOCK")));

		List<ConsumerRecord<String, byte[]>> dead = deadLetters(OUTCOMES_DLT, placed.orderId().toString(), 1);
		assertThat(TestKafka.header(dead.get(0), DeadLetterPublishing.REASON_HEADER))
			.contains("cannot reject an order that is CONFIRMED");
		Order order = this.orders.findById(placed.orderId()).orElseThrow();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(order.getRejectionReason()).isNull();
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(String topic, String key, int count) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> TestKafka.poll(this.bootstrap, topic, Duration.ofSeconds(5))
				.stream()
				.filter((record) -> key.equals(record.key()))
				.count() >= count);
		return TestKafka.poll(this.bootstrap, topic, Duration.ofSeconds(10))
			.stream()
			.filter((record) -> key.equals(record.key()))
			.toList();
	}

	private static Map<String, String> headers(String type, String version) {
		return Map.of(EventHeaders.TYPE, type, EventHeaders.VERSION, version);
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
