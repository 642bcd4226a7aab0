package shop.user.ordering;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class OrderPlacementTests {

	private static final UUID SHOPPER = UUID.randomUUID();

	private static final UUID PRODUCT = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID OTHER_PRODUCT = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

	private final OrderRequests requests = mock(OrderRequests.class);

	private final List<Object> published = new ArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final OrderPlacement placement = new OrderPlacement(this.requests, mock(PurchaseLimit.class),
			this.published::add,
			Clock.fixed(NOW, ZoneOffset.UTC), this.meters);

	@Test
	void storesTheRequestAndPublishesOneEventForTheShopper() {
		given(this.requests.insertIfKeyUnused(any(), eq(SHOPPER), any(), any(), eq(NOW))).willReturn(true);

		PlacedOrder order = this.placement.place(SHOPPER, null, List.of(new OrderLine(PRODUCT, 2)));

		assertThat(order.replayed()).isFalse();
		assertThat(this.published).singleElement().isInstanceOfSatisfying(UserPlacedOrder.class, (event) -> {
			assertThat(event.orderId()).isEqualTo(order.orderId());
			assertThat(event.userId()).isEqualTo(SHOPPER);
			assertThat(event.items()).containsExactly(new UserPlacedOrder.Line(PRODUCT, 2));
			assertThat(event.placedAt()).isEqualTo(NOW);
			assertThat(event.eventId()).isNotNull().isNotEqualTo(event.orderId());
		});
		assertThat(this.meters.counter("shop.orders.placed").count()).isEqualTo(1.0);
	}

	@Test
	void answersARepeatedKeyWithTheEarlierOrderAndPublishesNothing() {
		IdempotencyKey key = new IdempotencyKey("key-1");
		List<OrderLine> lines = List.of(new OrderLine(PRODUCT, 2));
		UUID earlier = UUID.randomUUID();
		given(this.requests.insertIfKeyUnused(any(), eq(SHOPPER), eq(key), any(), any())).willReturn(false);
		given(this.requests.find(SHOPPER, key))
			.willReturn(Optional.of(new OrderRequests.StoredRequest(earlier, OrderPlacement.fingerprint(lines))));

		PlacedOrder order = this.placement.place(SHOPPER, key, lines);

		assertThat(order).isEqualTo(new PlacedOrder(earlier, true));
		assertThat(this.published).isEmpty();
		assertThat(this.meters.counter("shop.orders.placed").count()).isZero();
	}

	@Test
	void refusesARepeatedKeyWithADifferentOrder() {
		IdempotencyKey key = new IdempotencyKey("key-1");
		given(this.requests.insertIfKeyUnused(any(), eq(SHOPPER), eq(key), any(), any())).willReturn(false);
		given(this.requests.find(SHOPPER, key)).willReturn(Optional.of(new OrderRequests.StoredRequest(
				UUID.randomUUID(), OrderPlacement.fingerprint(List.of(new OrderLine(PRODUCT, 2))))));

		assertThatExceptionOfType(IdempotencyKeyReused.class)
			.isThrownBy(() -> this.placement.place(SHOPPER, key, List.of(new OrderLine(PRODUCT, 3))));
		assertThat(this.published).isEmpty();
	}

	@Test
	void fingerprintsTheLinesNotTheirOrder() {
		String fingerprint = OrderPlacement.fingerprint(List.of(new OrderLine(PRODUCT, 2), new OrderLine(OTHER_PRODUCT, 1)));

		assertThat(OrderPlacement.fingerprint(List.of(new OrderLine(OTHER_PRODUCT, 1), new OrderLine(PRODUCT, 2))))
			.isEqualTo(fingerprint);
		assertThat(OrderPlacement.fingerprint(List.of(new OrderLine(PRODUCT, 2), new OrderLine(OTHER_PRODUCT, 2))))
			.isNotEqualTo(fingerprint);
		assertThat(OrderPlacement.fingerprint(List.of(new OrderLine(PRODUCT, 2)))).isNotEqualTo(fingerprint)
			.hasSize(64);
	}

}
