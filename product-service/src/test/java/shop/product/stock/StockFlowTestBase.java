package shop.product.stock;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.events.Topics;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the stock flow tests share: products and stock straight in product-service's database, raw UserPlacedOrder
 * records as user-service writes them, the replies on the outcomes topic, and waits for the consumer group and the
 * outbox. The subclasses are {@code @SpringBootTest}s of the whole service on the real broker and database.
 */
abstract class StockFlowTestBase {

	/** How long a wait may take on a loaded two-core machine before the test fails. */
	static final Duration PATIENCE = Duration.ofSeconds(90);

	static final String GROUP = "product-service";

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Autowired
	JdbcClient jdbc;

	UUID product(int stock, String price, String currency) {
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

	int stock(UUID productId) {
		return this.jdbc.sql("select stock from products where id = ?").param(productId).query(Integer.class).single();
	}

	/** A UserPlacedOrder v1 as user-service writes it (the shape of the golden fixture). */
	static byte[] placedOrder(UUID eventId, UUID orderId, Map<UUID, Integer> lines) {
		String items = lines.entrySet()
			.stream()
			.map((line) -> "{\"productId\": \"%s\", \"quantity\": %d}".formatted(line.getKey(), line.getValue()))
			.collect(Collectors.joining(", ", "[", "]"));
		return """
				{"eventId": "%s", "orderId": "%s", "userId": "%s", "items": %s, "placedAt": "%s"}"""
			.formatted(eventId, orderId, UUID.randomUUID(), items, Instant.now())
			.getBytes(StandardCharsets.UTF_8);
	}

	KafkaProducer<String, byte[]> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
	}

	/** The replies on the outcomes topic to one order, as they are now, in offset order. */
	List<ConsumerRecord<String, byte[]>> replies(UUID orderId) {
		return repliesByOrder().getOrDefault(orderId.toString(), List.of());
	}

	/** Every reply on the outcomes topic now, by record key; one key's records share a partition, so in order. */
	Map<String, List<ConsumerRecord<String, byte[]>>> repliesByOrder() {
		return TestKafka.poll(this.bootstrap, Topics.STOCK_OUTCOMES, Duration.ofSeconds(10))
			.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key));
	}

	/** Waits until product-service's consumer group committed past these records: they were fully processed. */
	void awaitConsumed(RecordMetadata... records) {
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
	void awaitOutboxDrained() {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.jdbc.sql("select count(*) from event_publication").query(Integer.class).single() == 0);
	}

}
