package shop.testing.sample;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The smallest JDBC + Kafka application, to prove what {@code ShopTestInfrastructure} provides. */
@SpringBootApplication
public class SampleApplication {

	public static final String TOPIC = "shop.test.sample";

	@Bean
	BlockingQueue<String> received() {
		return new LinkedBlockingQueue<>();
	}

	@Component
	static class Listener {

		private final BlockingQueue<String> received;

		Listener(BlockingQueue<String> received) {
			this.received = received;
		}

		@KafkaListener(topics = TOPIC)
		void on(ConsumerRecord<String, String> record) {
			this.received.add(record.value());
		}

	}

}
