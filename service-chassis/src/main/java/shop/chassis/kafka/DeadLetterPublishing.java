package shop.chassis.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import shop.events.Topics;

/**
 * Publishes records a consumer gave up on to {@code <topic>.<group>.dlt}, value bytes untouched, with Spring Kafka's
 * exception headers plus {@value #REASON_HEADER}: the message of the exception that explains why. It owns its own
 * producer (string keys, raw byte values) so the bytes are never re-serialised by a service's JSON settings.
 */
public class DeadLetterPublishing implements DisposableBean {

	/** Header with a one-line reason, for operators and for the fault-injection invariants. */
	public static final String REASON_HEADER = "dlt-reason";

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final DeadLetterPublishingRecoverer recoverer;

	public DeadLetterPublishing(Map<String, Object> producerProperties, String consumerGroup) {
		Map<String, Object> properties = new java.util.HashMap<>(producerProperties);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerFactory = new DefaultKafkaProducerFactory<>(properties);
		this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(this.producerFactory),
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic(), consumerGroup), -1));
		this.recoverer.setHeadersFunction((record, ex) -> new RecordHeaders(new RecordHeader[] {
				new RecordHeader(REASON_HEADER, reason(ex).getBytes(StandardCharsets.UTF_8)) }));
	}

	public DeadLetterPublishingRecoverer recoverer() {
		return this.recoverer;
	}

	/** The most telling message in the cause chain: our own {@link InvalidEvent}, else the root cause. */
	static String reason(Throwable ex) {
		Throwable root = ex;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidEvent) {
				return cause.getMessage();
			}
			root = cause;
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

}
