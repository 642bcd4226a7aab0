package shop.user.ordering;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.testing.ShopTestInfrastructure;
import shop.user.OrdersPlacedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks the outbox library instead of trusting it: a send that fails must leave the publication incomplete, and the
 * periodic resubmission (the chassis' resubmitter, every second here) must deliver it exactly once when the broker is
 * back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "shop.outbox.resubmit-interval=1s", "shop.outbox.resubmit-min-age=0s" })
@Import({ ShopTestInfrastructure.class, FlakyKafka.class })
class OutboxDeliveryIT {

	private static final List<OrderLine> LINES = List
		.of(new OrderLine(UUID.fromString("11111111-2222-4333-8444-555555555555"), 1));

	@Autowired
	OrderPlacement placement;

	@Autowired
	FlakyKafka.FlakyKafkaTemplate kafka;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@AfterEach
	void brokerBack() {
		this.kafka.comeBack();
		this.kafka.failNext(0);
	}

	@Test
	void keepsAFailedSendInTheOutboxAndDeliversItOnceTheBrokerIsBack() {
		this.kafka.goDown();
		int attemptsBefore = this.kafka.attempts();

		UUID orderId = this.placement.place(UUID.randomUUID(), null, LINES).orderId();

		// The first send and at least two periodic resubmissions fail; the publication survives every one of them.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.kafka.attempts() - attemptsBefore >= 3);
		Map<String, Object> row = publication(orderId);
		assertThat(row).as("publication after failed sends").isNotNull();
		assertThat(row.get("completion_date")).isNull();
		assertThat((String) row.get("status")).isIn("FAILED", "RESUBMITTED", "PROCESSING");
		assertThat(OrdersPlacedTopic.records(this.bootstrap, orderId)).isEmpty();

		this.kafka.comeBack();

		await().atMost(Duration.ofSeconds(30)).until(() -> publication(orderId) == null);
		assertThat(OrdersPlacedTopic.records(this.bootstrap, orderId)).singleElement()
			.satisfies((record) -> assertThat(OrdersPlacedTopic.event(record).orderId()).isEqualTo(orderId));
	}

	private Map<String, Object> publication(UUID orderId) {
		return this.jdbc.sql("SELECT status, completion_date, completion_attempts FROM event_publication "
				+ "WHERE serialized_event LIKE :order")
			.param("order", "%" + orderId + "%")
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElse(null);
	}

}
