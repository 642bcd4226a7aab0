package shop.chassis.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

	/** Counter of records sent to a dead-letter topic, tagged with the topic they came from (a shop topic). */
	public static final String DEAD_LETTERS_METER = "shop.kafka.dead.letters";

	public DeadLetterPublishing(Map<String, Object> producerProperties, String consumerGroup) {
		this(producerProperties, consumerGroup, null);
	}

	public DeadLetterPublishing(Map<String, Object> producerProperties, String consumerGroup,
			MeterRegistry meterRegistry) {
		Map<String, Object> properties = new java.util.HashMap<>(producerProperties);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerFactory = new DefaultKafkaProducerFactory<>(properties);
		this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(this.producerFactory),
				(record, ex) -> {
					if (meterRegistry != null) {
						// Counted when the destination is chosen, i.e. once per record given up on.
						Counter.builder(DEAD_LETTERS_METER)
							.description("Records a consumer gave up on and sent to a dead-letter topic")
							.tag("topic", record.topic())
							.tag("group", consumerGroup)
							.register(meterRegistry)
							.increment();
					}
					return new TopicPartition(Topics.deadLetter(record.topic(), consumerGroup), -1);
				});
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
