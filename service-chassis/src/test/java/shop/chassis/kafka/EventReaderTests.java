package shop.chassis.kafka;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import shop.events.EventHeaders;
import shop.events.EventType;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventReaderTests {

	private final EventReader reader = new EventReader(JsonMapper.builder().build());

	@Test
	void readsEveryFixtureIntoItsRecord() {
		for (EventType<?> type : EventType.ALL) {
			Object event = this.reader.read(record(type.name(), Integer.toString(type.version()), type.fixture()));
			assertThat(event).isInstanceOf(type.type());
		}
	}

	@Test
	void readsEveryFieldOfUserPlacedOrder() {
		UserPlacedOrder event = this.reader.read(record("UserPlacedOrder", "1",
				EventType.USER_PLACED_ORDER_V1.fixture()), UserPlacedOrder.class);
		assertThat(event.orderId()).isEqualTo(UUID.fromString("5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"));
		assertThat(event.items()).hasSize(2);
		assertThat(event.items().get(0).quantity()).isEqualTo(2);
		assertThat(event.placedAt()).hasToString("2026-11-26T12:00:00Z");
	}

	@Test
	void refusesARecordOfAnotherTypeThanExpected() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("StockRejected", "1", EventType.STOCK_REJECTED_V1.fixture()),
					StockReserved.class))
			.withMessageContaining("Expected StockReserved");
		assertThat(this.reader.read(record("StockRejected", "1", EventType.STOCK_REJECTED_V1.fixture())))
			.isInstanceOf(StockRejected.class);
	}

	@Test
	void refusesUnknownVersionsAndTypes() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("UserPlacedOrder", "2", EventType.USER_PLACED_ORDER_V1.fixture())))
			.withMessage("Unknown event UserPlacedOrder v2");
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("Nonsense", "1", "{}")))
			.withMessage("Unknown event Nonsense v1");
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("UserPlacedOrder", "one", "{}")))
			.withMessageContaining("not a number");
	}

	@Test
	void refusesMissingHeaders() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k",
				EventType.USER_PLACED_ORDER_V1.fixture().getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidEvent.class).isThrownBy(() -> this.reader.read(record))
			.withMessage("Missing header event-type");
	}

	@Test
	void refusesBytesThatAreNotJson() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("UserPlacedOrder", "1", "not json at all")))
			.withMessageStartingWith("Value is not a valid UserPlacedOrder v1");
	}

	@Test
	void refusesAMissingFieldAnywhereInTheEvent() {
		String withoutUser = EventType.USER_PLACED_ORDER_V1.fixture()
			.replace("\"userId\": \"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d\",", "");
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("UserPlacedOrder", "1", withoutUser)))
			.withMessage("Missing field UserPlacedOrder.userId");
		String lineWithoutProduct = EventType.USER_PLACED_ORDER_V1.fixture()
			.replace("\"productId\": \"11111111-2222-4333-8444-555555555555\", ", "");
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> this.reader.read(record("UserPlacedOrder", "1", lineWithoutProduct)))
			.withMessage("Missing field UserPlacedOrder.items[0].productId");
	}

	@Test
	void toleratesFieldsAddedWithinAVersion() {
		String withExtra = EventType.USER_PLACED_ORDER_V1.fixture().replaceFirst("\\{", "{ \"channel\": \"web\",");
		assertThat(this.reader.read(record("UserPlacedOrder", "1", withExtra))).isInstanceOf(UserPlacedOrder.class);
	}

	static ConsumerRecord<String, byte[]> record(String type, String version, String json) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k",
				json.getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.VERSION, version.getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
