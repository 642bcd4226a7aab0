package shop.product.stock;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import shop.chassis.kafka.InvalidEvent;
import shop.events.OrderCancelled;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CancelledOrderListenerTests {

	@Test
	void acceptsAKnownOrNewReasonCode() {
		assertThatCode(() -> CancelledOrderListener.check(cancelled(OrderCancelled.Reasons.SHOPPER_REQUEST)))
			.doesNotThrowAnyException();
		assertThatCode(() -> CancelledOrderListener.check(cancelled("FRAUD_SUSPECTED"))).doesNotThrowAnyException();
	}

	@Test
	void refusesABlankOrEndlessReason() {
		assertThatExceptionOfType(InvalidEvent.class).isThrownBy(() -> CancelledOrderListener.check(cancelled(" ")));
		assertThatExceptionOfType(InvalidEvent.class)
			.isThrownBy(() -> CancelledOrderListener.check(cancelled("X".repeat(65))));
	}

	private static OrderCancelled cancelled(String reason) {
		return new OrderCancelled(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), reason, Instant.now());
	}

}
