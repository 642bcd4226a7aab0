package shop.user;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import shop.events.EventHeaders;
import shop.events.Topics;
import shop.events.UserPlacedOrder;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads {@link Topics#ORDERS_PLACED} as an outside consumer would, for integration tests. */
public final class OrdersPlacedTopic {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OrdersPlacedTopic() {
	}

	/** Every record on the topic now whose key is this order id. */
	public static List<ConsumerRecord<String, byte[]>> records(String bootstrap, UUID orderId) {
		return TestKafka.poll(bootstrap, Topics.ORDERS_PLACED, Duration.ofSeconds(20))
			.stream()
			.filter((record) -> orderId.toString().equals(record.key()))
			.toList();
	}

	/** Every record on the topic now whose event is about this user. */
	public static List<ConsumerRecord<String, byte[]>> recordsOfUser(String bootstrap, UUID userId) {
		return TestKafka.poll(bootstrap, Topics.ORDERS_PLACED, Duration.ofSeconds(20))
			.stream()
			.filter((record) -> userId.toString().equals(tree(record).path("userId").asString()))
			.toList();
	}

	/**
	 * Checks the record is a {@code UserPlacedOrder} v1 as consumers expect it (headers, key, a JSON object value)
	 * and returns the event.
	 */
	public static UserPlacedOrder event(ConsumerRecord<String, byte[]> record) {
		assertThat(TestKafka.header(record, EventHeaders.TYPE)).isEqualTo("UserPlacedOrder");
		assertThat(TestKafka.header(record, EventHeaders.VERSION)).isEqualTo("1");
		JsonNode tree = tree(record);
		assertThat(tree.isObject()).as("record value is a JSON object: %s", TestKafka.text(record)).isTrue();
		UserPlacedOrder event = JSON.treeToValue(tree, UserPlacedOrder.class);
		assertThat(record.key()).isEqualTo(event.orderId().toString());
		return event;
	}

	private static JsonNode tree(ConsumerRecord<String, byte[]> record) {
		return JSON.readTree(record.value());
	}

}
