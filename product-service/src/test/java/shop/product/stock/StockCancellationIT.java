package shop.product.stock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import shop.chassis.kafka.EventReader;
import shop.events.EventHeaders;
import shop.events.StockRejected;
import shop.events.StockReleased;
import shop.events.Topics;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancellation end to end inside product-service: raw UserPlacedOrder and OrderCancelled records on the real broker
 * in, stock in the real database and replies on the outcomes topic out. Assertions filter by this test's own order ids.
 */
@SpringBootTest
@Import(ShopTestInfrastructure.class)
class StockCancellationIT extends StockFlowTestBase {

	@Autowired
	EventReader reader;

	@Test
	void cancelAfterReservationGivesTheStockBackExactlyOnceAndRepliesStockReleased() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID grinder = product(2, "5.00", "EUR");
		UUID orderId = UUID.randomUUID();
		place(orderId, Map.of(kettle, 2, grinder, 1));
		awaitReplies(orderId, 1);
		assertThat(stock(kettle)).isEqualTo(3);

		byte[] cancellation = cancelled(UUID.randomUUID(), orderId);
		RecordMetadata first = send(Topics.ORDERS_CANCELLED, "OrderCancelled", orderId, cancellation);

		List<ConsumerRecord<String, byte[]>> replies = awaitReplies(orderId, 2);
		ConsumerRecord<String, byte[]> reply = replies.stream()
			.filter((record) -> "StockReleased".equals(TestKafka.header(record, EventHeaders.TYPE)))
			.findFirst()
			.orElseThrow();
		assertThat(reply.key()).isEqualTo(orderId.toString());
		assertThat(TestKafka.header(reply, EventHeaders.TYPE)).isEqualTo("StockReleased");
		assertThat(TestKafka.header(reply, EventHeaders.VERSION)).isEqualTo("1");
		StockReleased released = this.reader.read(reply, StockReleased.class);
		assertThat(released.orderId()).isEqualTo(orderId);
		assertThat(released.items()).containsExactlyInAnyOrder(new StockReleased.Line(kettle, 2),
				new StockReleased.Line(grinder, 1));
		assertThat(stock(kettle)).isEqualTo(5);
		assertThat(stock(grinder)).isEqualTo(2);
		assertThat(reservationStatus(orderId)).isEqualTo("RELEASED");

		// The same event redelivered, and a second cancellation of the same order under a new event id.
		RecordMetadata replayed = send(Topics.ORDERS_CANCELLED, "OrderCancelled", orderId, cancellation);
		RecordMetadata again = send(Topics.ORDERS_CANCELLED, "OrderCancelled", orderId,
				cancelled(UUID.randomUUID(), orderId));
		awaitConsumed(first, replayed, again);
		awaitOutboxDrained();
		assertThat(stock(kettle)).isEqualTo(5);
		assertThat(stock(grinder)).isEqualTo(2);
		assertThat(replies(orderId)).hasSize(2);
	}

	@Test
	void cancellationArrivingBeforeThePlacementReservesNothing() {
		UUID kettle = product(5, "19.99", "EUR");
		UUID orderId = UUID.randomUUID();
		RecordMetadata cancel = send(Topics.ORDERS_CANCELLED, "OrderCancelled", orderId,
				cancelled(UUID.randomUUID(), orderId));
		awaitConsumed(cancel);
		assertThat(replies(orderId)).isEmpty();

		place(orderId, Map.of(kettle, 2));

		ConsumerRecord<String, byte[]> reply = awaitReplies(orderId, 1).get(0);
		assertThat(TestKafka.header(reply, EventHeaders.TYPE)).isEqualTo("StockRejected");
		StockRejected rejected = this.reader.read(reply, StockRejected.class);
		assertThat(rejected.reason()).isEqualTo(StockRejected.Reasons.ORDER_CANCELLED);
		assertThat(rejected.lines()).isEmpty();
		assertThat(stock(kettle)).isEqualTo(5);
		assertThat(this.jdbc.sql("select count(*) from reservations where order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void cancellationsRacingPlacementsNeverLoseOrDoubleStock() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		UUID kettle = product(100, "19.99", "EUR");
		UUID grinder = product(100, "5.00", "EUR");
		List<UUID> cancelledOrders = new ArrayList<>();
		List<UUID> keptOrders = new ArrayList<>();
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID orderId = UUID.randomUUID();
			cancelledOrders.add(orderId);
			List<ProducerRecord<String, byte[]>> pair = new ArrayList<>(List.of(
					record(Topics.ORDERS_PLACED, "UserPlacedOrder", orderId,
							placedOrder(UUID.randomUUID(), orderId, Map.of(kettle, 2, grinder, 1))),
					record(Topics.ORDERS_CANCELLED, "OrderCancelled", orderId, cancelled(UUID.randomUUID(), orderId))));
			Collections.shuffle(pair, random);
			records.addAll(pair);
		}
		for (int i = 0; i < 5; i++) {
			UUID orderId = UUID.randomUUID();
			keptOrders.add(orderId);
			records.add(record(Topics.ORDERS_PLACED, "UserPlacedOrder", orderId,
					placedOrder(UUID.randomUUID(), orderId, Map.of(kettle, 1))));
		}
		// Shuffled across orders too, then sent in one go: both topics, three partitions each, are consumed at once.
		Collections.shuffle(records, random);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			records.forEach(producer::send);
			producer.flush();
		}

		String why = "seed " + seed;
		await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Map<String, List<ConsumerRecord<String, byte[]>>> all = repliesByOrder();
			for (UUID orderId : cancelledOrders) {
				// Settled: rejected as cancelled, or reserved and released. Not necessarily in that order on the topic:
				// the two replies leave through the outbox after two different transactions, sent independently.
				assertThat(types(all.get(orderId.toString()))).as(why + ", order " + orderId)
					.isIn(List.of("StockRejected"), List.of("StockReleased", "StockReserved"));
			}
			for (UUID orderId : keptOrders) {
				assertThat(types(all.get(orderId.toString()))).as(why).isEqualTo(List.of("StockReserved"));
			}
		});
		awaitOutboxDrained();
		assertThat(stock(kettle)).as(why).isEqualTo(100 - keptOrders.size());
		assertThat(stock(grinder)).as(why).isEqualTo(100);
		assertThat(this.jdbc.sql("select count(*) from reservations where status = 'RESERVED' and order_id in (:ids)")
			.param("ids", cancelledOrders)
			.query(Integer.class)
			.single()).as(why).isZero();
		Map<String, List<ConsumerRecord<String, byte[]>>> all = repliesByOrder();
		for (UUID orderId : cancelledOrders) {
			assertThat(all.get(orderId.toString())).as(why).hasSizeLessThanOrEqualTo(2);
		}
	}

	private static List<String> types(List<ConsumerRecord<String, byte[]>> replies) {
		return (replies != null)
				? replies.stream().map((r) -> TestKafka.header(r, EventHeaders.TYPE)).sorted().toList() : List.of();
	}

	private String reservationStatus(UUID orderId) {
		return this.jdbc.sql("select status from reservations where order_id = ?")
			.param(orderId)
			.query(String.class)
			.single();
	}

	private RecordMetadata place(UUID orderId, Map<UUID, Integer> lines) {
		return send(Topics.ORDERS_PLACED, "UserPlacedOrder", orderId, placedOrder(UUID.randomUUID(), orderId, lines));
	}

	private RecordMetadata send(String topic, String type, UUID orderId, byte[] value) {
		return TestKafka.send(this.bootstrap, topic, orderId.toString(), value,
				Map.of(EventHeaders.TYPE, type, EventHeaders.VERSION, "1"));
	}

	/** An OrderCancelled v1 as order-service writes it (the shape of the golden fixture). */
	private static byte[] cancelled(UUID eventId, UUID orderId) {
		return """
				{"eventId": "%s", "orderId": "%s", "userId": "%s", "reason": "SHOPPER_REQUEST", "cancelledAt": "%s"}"""
			.formatted(eventId, orderId, UUID.randomUUID(), Instant.now())
			.getBytes(StandardCharsets.UTF_8);
	}

	private static ProducerRecord<String, byte[]> record(String topic, String type, UUID orderId, byte[] value) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, orderId.toString(), value);
		record.headers().add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.VERSION, "1".getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/** Waits until the order has this many replies; returns them in order. */
	private List<ConsumerRecord<String, byte[]>> awaitReplies(UUID orderId, int count) {
		List<ConsumerRecord<String, byte[]>> replies = new ArrayList<>();
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			replies.clear();
			replies.addAll(replies(orderId));
			assertThat(replies).hasSizeGreaterThanOrEqualTo(count);
		});
		return replies;
	}

}
