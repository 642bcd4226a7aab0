package shop.systemtests.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records straight to the shop's topics, bypassing every service, as a buggy or foreign producer would: the
 * bytes and headers are exactly what the test says.
 */
final class RawRecords implements AutoCloseable {

	static final String PLACED_TOPIC = "shop.orders.placed";

	private final KafkaProducer<String, byte[]> producer;

	RawRecords(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** A UserPlacedOrder v1 as JSON, with one line. */
	static String placedOrder(UUID orderId, UUID userId, UUID productId, int quantity) {
		return """
				{"eventId":"%s","orderId":"%s","userId":"%s","items":[{"productId":"%s","quantity":%d}],\
				"placedAt":"%s"}""".formatted(UUID.randomUUID(), orderId, userId, productId, quantity, Instant.now());
	}

	/** Sends one record keyed by {@code key} with the shop's type and version headers, and waits for the broker. */
	void send(String topic, String key, String type, String version, String value) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key,
				value.getBytes(StandardCharsets.UTF_8));
		record.headers().add("event-type", type.getBytes(StandardCharsets.UTF_8));
		record.headers().add("event-version", version.getBytes(StandardCharsets.UTF_8));
		try {
			this.producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot write to " + topic, ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
