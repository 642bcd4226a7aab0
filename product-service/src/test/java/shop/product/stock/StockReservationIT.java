package shop.product.stock;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

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
class StockReservationIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String GROUP = "product-service";

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Autowired
	JdbcClient jdbc;

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

	private static void assertDeadLetter(ConsumerRecord<String, byte[]> record, byte[] original, String reason) {
		assertThat(record.value()).isEqualTo(original);
		assertThat(TestKafka.header(record, DeadLetterPublishing.REASON_HEADER)).contains(reason);
		assertThat(TestKafka.header(record, EventHeaders.TYPE)).isEqualTo("UserPlacedOrder");
	}

	private UUID product(int stock, String price, String currency) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				insert into products (id, sku, name, description, price, currency, stock, version, created_at,
				                      updated_at)
				values (?, ?, ?, null, ?, ?, ?, 0, ?, ?)""")
			.params(id, "IT-" + id, "Test product " + id, new BigDecimal(price), currency, stock, now, now)
			.update();
		return id;
	}

	private int stock(UUID productId) {
		return this.jdbc.sql("select stock from products where id = ?").param(productId).query(Integer.class).single();
	}

	private RecordMetadata place(UUID orderId, Map<UUID, Integer> lines) {
		return send(orderId, placedOrder(UUID.randomUUID(), orderId, lines), "1");
	}

	private RecordMetadata send(UUID orderId, byte[] value, String version) {
		return TestKafka.send(this.bootstrap, Topics.ORDERS_PLACED, orderId.toString(), value,
				Map.of(EventHeaders.TYPE, "UserPlacedOrder", EventHeaders.VERSION, version));
	}

	/** A UserPlacedOrder v1 as user-service writes it (the shape of the golden fixture). */
	private static byte[] placedOrder(UUID eventId, UUID orderId, Map<UUID, Integer> lines) {
		String items = lines.entrySet()
			.stream()
			.map((line) -> "{\"productId\": \"%s\", \"quantity\": %d}".formatted(line.getKey(), line.getValue()))
			.collect(Collectors.joining(", ", "[", "]"));
		return """
				{"eventId": "%s", "orderId": "%s", "userId": "%s", "items": %s, "placedAt": "%s"}"""
			.formatted(eventId, orderId, UUID.randomUUID(), items, Instant.now())
			.getBytes(StandardCharsets.UTF_8);
	}

	private ProducerRecord<String, byte[]> record(UUID orderId, byte[] value, String version) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ORDERS_PLACED, orderId.toString(), value);
		record.headers().add(EventHeaders.TYPE, "UserPlacedOrder".getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.VERSION, version.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	private KafkaProducer<String, byte[]> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
	}

	/** The replies on the outcomes topic to one order, as they are now. */
	private List<ConsumerRecord<String, byte[]>> replies(UUID orderId) {
		return repliesByOrder().getOrDefault(orderId.toString(), List.of());
	}

	/** Every reply on the outcomes topic now, by record key. */
	private Map<String, List<ConsumerRecord<String, byte[]>>> repliesByOrder() {
		return TestKafka.poll(this.bootstrap, Topics.STOCK_OUTCOMES, Duration.ofSeconds(10))
			.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key));
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

	/** Waits until product-service's consumer group committed past these records: they were fully processed. */
	private void awaitConsumed(RecordMetadata... records) {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		try (Admin admin = Admin.create(config)) {
			await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				for (RecordMetadata record : Arrays.asList(records)) {
					OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
					assertThat(offset).as("committed offset of " + record).isNotNull();
					assertThat(offset.offset()).isGreaterThan(record.offset());
				}
			});
		}
	}

	/** Waits until every event stored in the outbox was sent (completed publications are deleted). */
	private void awaitOutboxDrained() {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.jdbc.sql("select count(*) from event_publication").query(Integer.class).single() == 0);
	}

}
