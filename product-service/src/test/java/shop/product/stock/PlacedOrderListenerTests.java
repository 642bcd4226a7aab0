package shop.product.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import shop.chassis.kafka.InvalidEvent;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlacedOrderListenerTests {

	private static final UUID PRODUCT = UUID.randomUUID();

	@Test
	void acceptsDistinctProductsWithPositiveQuantities() {
		assertThatCode(() -> PlacedOrderListener
			.checkLines(order(new UserPlacedOrder.Line(PRODUCT, 1), new UserPlacedOrder.Line(UUID.randomUUID(), 7))))
			.doesNotThrowAnyException();
	}

	@Test
	void rejectsOrderWithZeroQuantity() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> PlacedOrderListener.checkLines(order(new UserPlacedOrder.Line(PRODUCT, 0))))
			.withMessageContaining("quantities start at 1");
	}

	@Test
	void rejectsOrderWithNegativeQuantity() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> PlacedOrderListener.checkLines(order(new UserPlacedOrder.Line(PRODUCT, -3))));
	}

	@Test
	void rejectsOrderListingAProductTwice() {
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> PlacedOrderListener
				.checkLines(order(new UserPlacedOrder.Line(PRODUCT, 1), new UserPlacedOrder.Line(PRODUCT, 2))))
			.withMessageContaining("more than once");
	}

	@Test
	void rejectsOrderWithoutItems() {
		assertThatExceptionOfType(InvalidEvent.class).isThrownBy(() -> PlacedOrderListener.checkLines(order()))
			.withMessageContaining("no items");
	}

	private static UserPlacedOrder order(UserPlacedOrder.Line... lines) {
		return new UserPlacedOrder(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of(lines),
				Instant.now());
	}

}
