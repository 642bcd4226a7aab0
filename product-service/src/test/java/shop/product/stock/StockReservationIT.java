package shop.product.stock;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import shop.chassis.kafka.DeadLetterPublishing;
import shop.chassis.kafka.EventReader;
import shop.events.EventHeaders;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.Topics;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stock reservation end to end inside product-service: raw UserPlacedOrder records on the real broker in, stock in the
 * real database and replies on the outcomes topic out. Every assertion filters by this test's own order ids, so the
 * topics may hold records of other tests.
 */
@SpringBootTest
@Import(ShopTestInfrastructure.class)
class StockReservationIT extends StockFlowTestBase {

	@Autowired
	EventReader reader;

	@Test
	void reservesEveryLineAndRepliesOnceWithStockReserved() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID grinder = product(2, "5.00", "EUR");
		UUID orderId = UUID.randomUUID();

		RecordMetadata sent = place(orderId, Map.of(kettle, 2, grinder, 1));

		ConsumerRecord<String, byte[]> reply = awaitReplies(Set.of(orderId)).get(orderId);
		assertThat(reply.key()).isEqualTo(orderId.toString());
		assertThat(TestKafka.header(reply, EventHeaders.TYPE)).isEqualTo("StockReserved");
		assertThat(TestKafka.header(reply, EventHeaders.VERSION)).isEqualTo("1");
		StockReserved reserved = this.reader.read(reply, StockReserved.class);
		assertThat(reserved.orderId()).isEqualTo(orderId);
		assertThat(reserved.items()).containsExactlyInAnyOrder(
				new StockReserved.Line(kettle, 2, new BigDecimal("19.99")),
				new StockReserved.Line(grinder, 1, new BigDecimal("5.00")));
		assertThat(reserved.total()).isEqualTo(new BigDecimal("44.98"));
		assertThat(reserved.currency()).isEqualTo("EUR");
		assertThat(stock(kettle)).isEqualTo(3);
		assertThat(stock(grinder)).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from reservations where order_id = ?").param(orderId)
			.query(String.class).single()).isEqualTo("RESERVED");
		assertThat(this.jdbc.sql("select count(*) from reservation_lines where order_id = ?").param(orderId)
			.query(Integer.class).single()).isEqualTo(2);
		awaitConsumed(sent);
		awaitOutboxDrained();
		assertThat(replies(orderId)).hasSize(1);
	}

	@Test
	void rejectsInsufficientStockAndUnknownProductsWithoutTouchingStock() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID grinder = product(3, "5.00", "EUR");
		UUID dollars = product(3, "7.00", "USD");
		UUID unknown = UUID.randomUUID();
		UUID tooMany = UUID.randomUUID();
		UUID unknownProduct = UUID.randomUUID();
		UUID twoCurrencies = UUID.randomUUID();

		place(tooMany, Map.of(kettle, 2, grinder, 4));
		place(unknownProduct, Map.of(kettle, 1, unknown, 1));
		place(twoCurrencies, Map.of(kettle, 1, dollars, 1));

		Map<UUID, ConsumerRecord<String, byte[]>> replies = awaitReplies(Set.of(tooMany, unknownProduct, twoCurrencies));
		StockRejected insufficient = this.reader.read(replies.get(tooMany), StockRejected.class);
		assertThat(TestKafka.header(replies.get(tooMany), EventHeaders.TYPE)).isEqualTo("StockRejected");
		assertThat(insufficient.reason()).isEqualTo(StockRejected.Reasons.INSUFFICIENT_STOCK);
		assertThat(insufficient.lines()).containsExactly(new StockRejected.Line(grinder, 4, 3));
		StockRejected notInCatalog = this.reader.read(replies.get(unknownProduct), StockRejected.class);
		assertThat(notInCatalog.reason()).isEqualTo(StockRejected.Reasons.UNKNOWN_PRODUCT);
		assertThat(notInCatalog.lines()).containsExactly(new StockRejected.Line(unknown, 1, 0));
		StockRejected mixed = this.reader.read(replies.get(twoCurrencies), StockRejected.class);
		assertThat(mixed.reason()).isEqualTo(StockRejected.Reasons.CURRENCY_MISMATCH);
		assertThat(stock(kettle)).isEqualTo(5);
		assertThat(stock(grinder)).isEqualTo(3);
		assertThat(stock(dollars)).isEqualTo(3);
		assertThat(this.jdbc.sql("select count(*) from reservations where order_id in (?, ?, ?)")
			.params(tooMany, unknownProduct, twoCurrencies)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void appliesAnEventDeliveredTwiceOnce() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID orderId = UUID.randomUUID();
		byte[] event = placedOrder(UUID.randomUUID(), orderId, Map.of(kettle, 2));

		RecordMetadata first = send(orderId, event, "1");
		RecordMetadata second = send(orderId, event, "1");

		awaitReplies(Set.of(orderId));
		awaitConsumed(first, second);
		awaitOutboxDrained();
		assertThat(replies(orderId)).hasSize(1);
		assertThat(stock(kettle)).isEqualTo(3);
	}

	@Test
	void thirtyConcurrentOrdersForTenUnitsReserveExactlyTen() throws Exception {
		UUID lastUnits = product(10, "9.90", "EUR");
		List<UUID> orders = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			orders.add(UUID.randomUUID());
		}

		// One producer, thirty records, one flush: they are all on the topic (three partitions, three consumer
		// threads) before most of them are processed.
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (UUID orderId : orders) {
				producer.send(record(orderId, placedOrder(UUID.randomUUID(), orderId, Map.of(lastUnits, 1)), "1"));
			}
			producer.flush();
		}

		Map<UUID, ConsumerRecord<String, byte[]>> replies = awaitReplies(Set.copyOf(orders));
		Map<String, Long> byType = replies.values()
			.stream()
			.collect(Collectors.groupingBy((reply) -> TestKafka.header(reply, EventHeaders.TYPE), Collectors.counting()));
		assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of("StockReserved", 10L, "StockRejected", 20L));
		replies.values()
			.stream()
			.filter((reply) -> "StockRejected".equals(TestKafka.header(reply, EventHeaders.TYPE)))
			.map((reply) -> this.reader.read(reply, StockRejected.class))
			.forEach((rejected) -> {
				assertThat(rejected.reason()).isEqualTo(StockRejected.Reasons.INSUFFICIENT_STOCK);
				assertThat(rejected.lines()).containsExactly(new StockRejected.Line(lastUnits, 1, 0));
			});
		assertThat(stock(lastUnits)).isZero();
		assertThat(this.jdbc.sql("select coalesce(sum(quantity), 0) from reservation_lines where product_id = ?")
			.param(lastUnits)
			.query(Integer.class)
			.single()).isEqualTo(10);
		awaitOutboxDrained();
		Map<String, List<ConsumerRecord<String, byte[]>>> all = repliesByOrder();
		for (UUID orderId : orders) {
			assertThat(all.get(orderId.toString())).as("replies to " + orderId).hasSize(1);
		}
	}

	@Test
	void deadLettersPoisonRecordsWithTheirBytesAndKeepsConsuming() {
		UUID kettle = product(5, "19.99", "EUR");
		String dlt = Topics.deadLetter(Topics.ORDERS_PLACED, GROUP);
		UUID notJson = UUID.randomUUID();
		UUID unknownVersion = UUID.randomUUID();
		UUID negativeQuantity = UUID.randomUUID();
		UUID valid = UUID.randomUUID();
		byte[] garbage = "this is { not json".getBytes(StandardCharsets.UTF_8);
		byte[] fromTheFuture = placedOrder(UUID.randomUUID(), unknownVersion, Map.of(kettle, 1));
		byte[] negative = placedOrder(UUID.randomUUID(), negativeQuantity, Map.of(kettle, -2));

		send(notJson, garbage, "1");
		send(unknownVersion, fromTheFuture, "9");
		send(negativeQuantity, negative, "1");
		place(valid, Map.of(kettle, 1));

		awaitReplies(Set.of(valid));
		Map<String, ConsumerRecord<String, byte[]>> deadLetters = new HashMap<>();
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			deadLetters.clear();
			TestKafka.poll(this.bootstrap, dlt, Duration.ofSeconds(5))
				.forEach((record) -> deadLetters.put(record.key(), record));
			assertThat(deadLetters).containsKeys(notJson.toString(), unknownVersion.toString(),
					negativeQuantity.toString());
		});
		assertDeadLetter(deadLetters.get(notJson.toString()), garbage, "not a valid UserPlacedOrder");
		assertDeadLetter(deadLetters.get(unknownVersion.toString()), fromTheFuture, "Unknown event UserPlacedOrder v9");
		assertDeadLetter(deadLetters.get(negativeQuantity.toString()), negative, "quantities start at 1");
		assertThat(deadLetters).doesNotContainKey(valid.toString());
		assertThat(stock(kettle)).isEqualTo(4);
		assertThat(replies(negativeQuantity)).isEmpty();
	}

	@Test
	void retriesATransientDatabaseErrorInPlaceAndKeepsThePartitionsOrder() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID grinder = product(5, "5.00", "EUR");
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		// The first two reservations of the kettle fail as a serialization conflict would (SQLState 40001); a
		// sequence counts the attempts, since the failing transactions roll back everything else.
		this.jdbc.sql("create sequence kettle_attempts").update();
		this.jdbc.sql("""
				create function fail_kettle_twice() returns trigger language plpgsql as $$
				begin
				  if NEW.product_id = '%s' then
				    if nextval('kettle_attempts') <= 2 then
				      raise exception 'injected' using errcode = '40001';
				    end if;
				  end if;
				  return NEW;
				end $$""".formatted(kettle)).update();
		this.jdbc.sql("create trigger fail_kettle_twice before insert on reservation_lines for each row "
				+ "execute function fail_kettle_twice()").update();
		try {
			// Same record key, so the same partition: the second order waits behind the first one's retries.
			place(first, Map.of(kettle, 2));
			TestKafka.send(this.bootstrap, Topics.ORDERS_PLACED, first.toString(),
					placedOrder(UUID.randomUUID(), second, Map.of(grinder, 1)),
					Map.of(EventHeaders.TYPE, "UserPlacedOrder", EventHeaders.VERSION, "1"));

			Map<UUID, ConsumerRecord<String, byte[]>> replies = awaitReplies(Set.of(first, second));
			assertThat(TestKafka.header(replies.get(first), EventHeaders.TYPE)).isEqualTo("StockReserved");
			assertThat(TestKafka.header(replies.get(second), EventHeaders.TYPE)).isEqualTo("StockReserved");
			assertThat(this.jdbc.sql("select last_value from kettle_attempts").query(Long.class).single())
				.isEqualTo(3);
			assertThat(stock(kettle)).isEqualTo(3);
			// Applied, so not dead-lettered; and applied before the record behind it.
			assertThat(reservedAt(second)).isAfter(reservedAt(first));
		}
		finally {
			this.jdbc.sql("drop function fail_kettle_twice() cascade").update();
			this.jdbc.sql("drop sequence kettle_attempts").update();
		}
	}

	private Instant reservedAt(UUID orderId) {
		return this.jdbc.sql("select created_at from reservations where order_id = ?")
			.param(orderId)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	private static void assertDeadLetter(ConsumerRecord<String, byte[]> record, byte[] original, String reason) {
		assertThat(record.value()).isEqualTo(original);
		assertThat(TestKafka.header(record, DeadLetterPublishing.REASON_HEADER)).contains(reason);
		assertThat(TestKafka.header(record, EventHeaders.TYPE)).isEqualTo("UserPlacedOrder");
	}

	private RecordMetadata place(UUID orderId, Map<UUID, Integer> lines) {
		return send(orderId, placedOrder(UUID.randomUUID(), orderId, lines), "1");
	}

	private RecordMetadata send(UUID orderId, byte[] value, String version) {
		return TestKafka.send(this.bootstrap, Topics.ORDERS_PLACED, orderId.toString(), value,
				Map.of(EventHeaders.TYPE, "UserPlacedOrder", EventHeaders.VERSION, version));
	}

	private ProducerRecord<String, byte[]> record(UUID orderId, byte[] value, String version) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ORDERS_PLACED, orderId.toString(), value);
		record.headers().add(EventHeaders.TYPE, "UserPlacedOrder".getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.VERSION, version.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/** Waits for a reply to each order; returns the first reply of each. */
	private Map<UUID, ConsumerRecord<String, byte[]>> awaitReplies(Set<UUID> orderIds) {
		Map<UUID, ConsumerRecord<String, byte[]>> replies = new HashMap<>();
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (ConsumerRecord<String, byte[]> record : TestKafka.poll(this.bootstrap, Topics.STOCK_OUTCOMES,
					Duration.ofSeconds(10))) {
				UUID key = UUID.fromString(record.key());
				if (orderIds.contains(key)) {
					replies.putIfAbsent(key, record);
				}
			}
			assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(orderIds);
		});
		return replies;
	}

}
