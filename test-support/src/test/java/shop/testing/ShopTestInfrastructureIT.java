package shop.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import shop.testing.sample.SampleApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = SampleApplication.class,
		properties = { "spring.kafka.consumer.group-id=sample", "spring.kafka.consumer.auto-offset-reset=earliest" })
@Import(ShopTestInfrastructure.class)
class ShopTestInfrastructureIT {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	BlockingQueue<String> received;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Value("${shop.security.jwks-uri}")
	String jwksUri;

	@Test
	void givesTheContextItsOwnEmptyDatabase() {
		FreshDatabaseAssertions.assertFreshAndClaim(this.jdbc);
	}

	@Test
	void connectsTheApplicationAndRawClientsToOneRealBroker() throws Exception {
		String payload = "hello-" + UUID.randomUUID();

		this.kafka.send(SampleApplication.TOPIC, "k", payload).get();

		// Through the application's own consumer group: proves the group coordinator works on this broker.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.received.contains(payload));
		List<ConsumerRecord<String, byte[]>> records = TestKafka.poll(this.bootstrap, SampleApplication.TOPIC,
				Duration.ofSeconds(10));
		assertThat(records).extracting(TestKafka::text).contains(payload);
	}

	@Test
	void sendsExactBytesAndHeaders() {
		String topic = "shop.test.raw." + UUID.randomUUID();
		byte[] garbage = { (byte) 0xff, 0x00, 0x7b };

		TestKafka.send(this.bootstrap, topic, "key-1", garbage, Map.of("event-type", "Nonsense", "event-version", "9"));

		List<ConsumerRecord<String, byte[]>> records = TestKafka.poll(this.bootstrap, topic, 1, Duration.ofSeconds(30));
		assertThat(records).hasSize(1);
		assertThat(records.get(0).key()).isEqualTo("key-1");
		assertThat(records.get(0).value()).containsExactly(garbage);
		assertThat(TestKafka.header(records.get(0), "event-type")).isEqualTo("Nonsense");
		assertThat(TestKafka.header(records.get(0), "event-version")).isEqualTo("9");
	}

	@Test
	void pointsJwtValidationAtTheSharedTestIssuer() {
		assertThat(this.jwksUri).isEqualTo(TestJwtIssuer.shared().jwksUri().toString());
	}

}
