package shop.systemtests.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The shop's dead-letter topics ({@code <topic>.<group>.dlt}) as seen from outside: their end offsets at a moment,
 * and the records written after it, with their original bytes and the reason header.
 */
final class DeadLetters {

	static final String SUFFIX = ".dlt";

	static final String REASON_HEADER = "dlt-reason";

	private DeadLetters() {
	}

	/** The end offset of every partition of every dead-letter topic now. */
	static Map<TopicPartition, Long> endOffsets(FaultShop shop) {
		try (Admin admin = shop.kafkaAdmin()) {
			Set<String> topics = admin.listTopics()
				.names()
				.get(30, TimeUnit.SECONDS)
				.stream()
				.filter((name) -> name.endsWith(SUFFIX))
				.collect(Collectors.toSet());
			if (topics.isEmpty()) {
				return Map.of();
			}
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.forEach((name, description) -> description.partitions()
					.forEach((p) -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
			Map<TopicPartition, Long> offsets = new HashMap<>();
			admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.forEach((partition, info) -> offsets.put(partition, info.offset()));
			return offsets;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the dead-letter topics' offsets", ex);
		}
	}

	/** Every dead letter written after {@code before} (topics that did not exist then count from 0). */
	static List<DeadLetter> since(FaultShop shop, Map<TopicPartition, Long> before) {
		Map<TopicPartition, Long> now = endOffsets(shop);
		List<DeadLetter> letters = new ArrayList<>();
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shop.bootstrapServers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			for (Map.Entry<TopicPartition, Long> end : now.entrySet()) {
				long from = before.getOrDefault(end.getKey(), 0L);
				if (end.getValue() <= from) {
					continue;
				}
				consumer.assign(List.of(end.getKey()));
				consumer.seek(end.getKey(), from);
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (consumer.position(end.getKey()) < end.getValue() && System.nanoTime() < deadline) {
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
						if (record.offset() < end.getValue()) {
							Header reason = record.headers().lastHeader(REASON_HEADER);
							letters.add(new DeadLetter(record.topic(), record.value(),
									(reason != null) ? new String(reason.value(), StandardCharsets.UTF_8) : null));
						}
					}
				}
			}
		}
		return letters;
	}

	/** One dead letter: where, the original value bytes, and why. */
	record DeadLetter(String topic, byte[] value, String reason) {
	}

}
