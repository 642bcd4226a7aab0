package shop.systemtests.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of {@code shop.orders.placed} as the consumers see them, with where each sits in its partition: read
 * from given offsets to the end by a consumer of no group, to check the order in which a service applied them.
 */
final class PlacedRecords {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PlacedRecords() {
	}

	/** The current end of every partition of the topic. */
	static Map<TopicPartition, Long> endOffsets(FaultShop shop) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(shop)) {
			return new HashMap<>(consumer.endOffsets(partitions(consumer)));
		}
	}

	/** Every record written since {@code before}, in partition order. */
	static List<Placed> since(FaultShop shop, Map<TopicPartition, Long> before) {
		List<Placed> placed = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer(shop)) {
			List<TopicPartition> partitions = partitions(consumer);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			consumer.assign(partitions);
			partitions.forEach((partition) -> consumer.seek(partition, before.getOrDefault(partition, 0L)));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))
					&& System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						placed.add(new Placed(record.partition(), record.offset(), record.key(),
								Instant.ofEpochMilli(record.timestamp()), eventId(record.value())));
					}
				}
			}
		}
		return placed;
	}

	/** The event's id, or null for a record that is no event (the suite's poison records). */
	private static UUID eventId(byte[] value) {
		try {
			return UUID.fromString(JSON.readTree(value).path("eventId").asString());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(FaultShop shop) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shop.bootstrapServers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
				new ByteArrayDeserializer());
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
		return consumer.partitionsFor(RawRecords.PLACED_TOPIC)
			.stream()
			.map((PartitionInfo info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
	}

	/**
	 * One placed order's record.
	 * @param appended the broker's (or producer's) timestamp: when it was written
	 */
	record Placed(int partition, long offset, String key, Instant appended, UUID eventId) {
	}

}
