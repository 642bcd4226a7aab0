package shop.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw Kafka clients for tests: put exact bytes and headers on a topic (e.g. a malformed event), and read a topic from
 * the beginning as an outsider would. Every read uses a fresh consumer group and assigns all partitions from the
 * earliest offset, so nothing is shared with the application's consumers or with earlier reads.
 */
public final class TestKafka {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private TestKafka() {
	}

	/**
	 * Sends one record and waits until the broker acknowledged it.
	 * @param bootstrap the bootstrap servers
	 * @param topic the topic
	 * @param key the key, may be null
	 * @param value the exact value bytes, may be null (a tombstone)
	 * @param headers header names and UTF-8 values
	 * @return where the record was written
	 */
	public static RecordMetadata send(String bootstrap, String topic, String key, byte[] value,
			Map<String, String> headers) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
		properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
		properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			return producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not send to " + topic + " at " + bootstrap, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends one record whose value is UTF-8 text, e.g. JSON.
	 * @see #send(String, String, String, byte[], Map)
	 */
	public static RecordMetadata send(String bootstrap, String topic, String key, String value,
			Map<String, String> headers) {
		return send(bootstrap, topic, key, (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null, headers);
	}

	/**
	 * Everything that is in the topic now: reads from the earliest offset up to the end offsets seen when the topic
	 * was found. Waits up to {@code timeout} for the topic to exist; a topic that never appears gives an empty list.
	 * @param bootstrap the bootstrap servers
	 * @param topic the topic
	 * @param timeout how long to wait for the topic and its records
	 * @return the records in partition and offset order
	 */
	public static List<ConsumerRecord<String, byte[]>> poll(String bootstrap, String topic, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
			List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			if (partitions.isEmpty()) {
				return records;
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
			while (!reached(consumer, end) && Instant.now().isBefore(deadline)) {
				consumer.poll(POLL_INTERVAL).forEach(records::add);
			}
			return records;
		}
	}

	/**
	 * Reads the topic from the beginning until at least {@code count} records arrived.
	 * @param bootstrap the bootstrap servers
	 * @param topic the topic
	 * @param count how many records to wait for
	 * @param timeout how long to wait
	 * @return all records read (at least {@code count})
	 * @throws AssertionError when fewer arrived within the timeout, listing what did
	 */
	public static List<ConsumerRecord<String, byte[]>> poll(String bootstrap, String topic, int count,
			Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
			List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
			if (!partitions.isEmpty()) {
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				while (records.size() < count && Instant.now().isBefore(deadline)) {
					consumer.poll(POLL_INTERVAL).forEach(records::add);
				}
			}
		}
		if (records.size() < count) {
			throw new AssertionError("Expected at least " + count + " records on " + topic + " within " + timeout
					+ " but got " + records.size() + ": " + describe(records));
		}
		return records;
	}

	/**
	 * A header's value as UTF-8 text (the last one if repeated).
	 * @param record the record
	 * @param name the header name
	 * @return its value, or null when absent
	 */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** The value as UTF-8 text, or null. */
	public static String text(ConsumerRecord<?, byte[]> record) {
		return (record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null;
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "shop-test-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// What the services see: records of aborted transactions are not part of the story.
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// Reading must not create a topic the application is supposed to create.
		properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
		return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
	}

	private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, Instant deadline) {
		while (true) {
			List<PartitionInfo> infos = consumer.listTopics(remaining(deadline)).get(topic);
			if (infos != null && !infos.isEmpty()) {
				return infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList();
			}
			if (!Instant.now().isBefore(deadline)) {
				return List.of();
			}
			// A short pause between metadata requests while the application has not created the topic yet.
			try {
				TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return List.of();
			}
		}
	}

	private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
			if (consumer.position(entry.getKey()) < entry.getValue()) {
				return false;
			}
		}
		return true;
	}

	private static Duration remaining(Instant deadline) {
		Duration left = Duration.between(Instant.now(), deadline);
		return left.isNegative() ? Duration.ofMillis(1) : left;
	}

	private static String describe(List<ConsumerRecord<String, byte[]>> records) {
		List<String> lines = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			Map<String, String> headers = new HashMap<>();
			record.headers().forEach((h) -> headers.put(h.key(), header(record, h.key())));
			lines.add(record.partition() + "@" + record.offset() + " key=" + record.key() + " headers=" + headers
					+ " value=" + text(record));
		}
		return lines.toString();
	}

}
