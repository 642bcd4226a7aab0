package shop.order.tracking;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;

import shop.chassis.kafka.EventReader;
import shop.events.EventHeaders;
import shop.events.EventType;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden fixtures of the events order-service consumes, read the way the service reads them (the chassis
 * {@link EventReader} on the application's {@link JsonMapper}, then {@link EventChecks}), field by field. A producer
 * change that breaks order-service fails here.
 */
@JsonTest
class EventFixturesTests {

	private static final UUID ORDER = UUID.fromString("5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");

	private static final UUID BOOK = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID PEN = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void readsUserPlacedOrderFixture() {
		UserPlacedOrder placed = (UserPlacedOrder) read(EventType.USER_PLACED_ORDER_V1);

		assertThat(placed.eventId()).isEqualTo(UUID.fromString("0b7e7c39-3f55-4d0c-9a1e-5d8f6f1b2a01"));
		assertThat(placed.orderId()).isEqualTo(ORDER);
		assertThat(placed.userId()).isEqualTo(UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"));
		assertThat(placed.items()).containsExactly(new UserPlacedOrder.Line(BOOK, 2), new UserPlacedOrder.Line(PEN, 1));
		assertThat(placed.placedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
		assertThat(EventChecks.check(placed)).isSameAs(placed);
	}

	@Test
	void readsStockReservedFixture() {
		StockReserved reserved = (StockReserved) read(EventType.STOCK_RESERVED_V1);

		assertThat(reserved.eventId()).isEqualTo(UUID.fromString("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"));
		assertThat(reserved.orderId()).isEqualTo(ORDER);
		assertThat(reserved.items()).hasSize(2);
		assertThat(reserved.items().get(0).productId()).isEqualTo(BOOK);
		assertThat(reserved.items().get(0).quantity()).isEqualTo(2);
		assertThat(reserved.items().get(0).unitPrice()).isEqualByComparingTo("19.99");
		assertThat(reserved.items().get(1).productId()).isEqualTo(PEN);
		assertThat(reserved.items().get(1).quantity()).isEqualTo(1);
		assertThat(reserved.items().get(1).unitPrice()).isEqualByComparingTo("5.00");
		assertThat(reserved.total()).isEqualByComparingTo("44.98");
		assertThat(reserved.currency()).isEqualTo("EUR");
		assertThat(reserved.reservedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:01Z"));
		assertThat(EventChecks.check(reserved)).isSameAs(reserved);
	}

	@Test
	void readsStockRejectedFixture() {
		StockRejected rejected = (StockRejected) read(EventType.STOCK_REJECTED_V1);

		assertThat(rejected.eventId()).isEqualTo(UUID.fromString("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"));
		assertThat(rejected.orderId()).isEqualTo(ORDER);
		assertThat(rejected.reason()).isEqualTo(StockRejected.Reasons.INSUFFICIENT_STOCK);
		assertThat(rejected.lines()).containsExactly(new StockRejected.Line(BOOK, 2, 1));
		assertThat(rejected.rejectedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:01Z"));
		assertThat(EventChecks.check(rejected)).isSameAs(rejected);
	}

	@Test
	void parkedOutcomesReadBackUnchanged() {
		// EarlyOutcomes stores an outcome as JSON written by this mapper and reads it back later, maybe after a
		// restart: amounts keep their scale, instants their precision.
		for (EventType<?> type : List.of(EventType.STOCK_RESERVED_V1, EventType.STOCK_REJECTED_V1)) {
			Object outcome = read(type);
			Object parked = this.jsonMapper.readValue(this.jsonMapper.writeValueAsString(outcome), type.type());
			assertThat(parked).isEqualTo(outcome);
		}
		StockReserved reserved = (StockReserved) read(EventType.STOCK_RESERVED_V1);
		StockReserved parked = this.jsonMapper.readValue(this.jsonMapper.writeValueAsString(reserved),
				StockReserved.class);
		assertThat(parked.items().get(1).unitPrice()).isEqualTo(new BigDecimal("5.00"));
	}

	private Object read(EventType<?> type) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(type.topic(), 0, 0L, ORDER.toString(),
				type.fixture().getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.TYPE, EventReader.headerValue(type.name()));
		record.headers().add(EventHeaders.VERSION, EventReader.headerValue(String.valueOf(type.version())));
		Object event = new EventReader(this.jsonMapper).read(record);
		assertThat(event).isInstanceOf(type.type());
		return event;
	}

}
