package shop.user.ordering;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.SendResult;

/**
 * Replaces Boot's {@code KafkaTemplate} with one whose sends can be made to fail, like a broker outage: the send's
 * future fails before anything reaches Kafka. Everything else (producer factory, the message converter Spring
 * Modulith registers, producer listener) is wired as Boot wires its own template.
 */
@TestConfiguration(proxyBeanMethods = false)
class FlakyKafka {

	@Bean
	FlakyKafkaTemplate kafkaTemplate(ProducerFactory<Object, Object> producerFactory,
			ObjectProvider<RecordMessageConverter> messageConverter,
			ObjectProvider<ProducerListener<Object, Object>> producerListener) {
		FlakyKafkaTemplate template = new FlakyKafkaTemplate(producerFactory);
		messageConverter.ifUnique(template::setMessageConverter);
		producerListener.ifUnique(template::setProducerListener);
		return template;
	}

	/** A template that fails sends while "down" or for the next n sends. */
	static class FlakyKafkaTemplate extends KafkaTemplate<Object, Object> {

		private final AtomicBoolean down = new AtomicBoolean();

		private final AtomicInteger failNext = new AtomicInteger();

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger failures = new AtomicInteger();

		FlakyKafkaTemplate(ProducerFactory<Object, Object> producerFactory) {
			super(producerFactory);
		}

		/** Every send fails until {@link #comeBack()}. */
		void goDown() {
			this.down.set(true);
		}

		void comeBack() {
			this.down.set(false);
		}

		/** The next {@code count} sends fail. */
		void failNext(int count) {
			this.failNext.set(count);
		}

		int attempts() {
			return this.attempts.get();
		}

		int failures() {
			return this.failures.get();
		}

		@Override
		protected CompletableFuture<SendResult<Object, Object>> doSend(ProducerRecord<Object, Object> record,
				Observation observation) {
			this.attempts.incrementAndGet();
			if (this.down.get() || this.failNext.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				this.failures.incrementAndGet();
				return CompletableFuture.failedFuture(new KafkaException("Simulated broker outage"));
			}
			return super.doSend(record, observation);
		}

	}

}
