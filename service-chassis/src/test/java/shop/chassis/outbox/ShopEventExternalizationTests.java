package shop.chassis.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

import shop.events.StockRejected;
import shop.events.Topics;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

class ShopEventExternalizationTests {

	private final EventExternalizationConfiguration configuration = ShopEventExternalization.configuration();

	@Test
	void routesEachEventToItsTopicKeyedByOrder() {
		UUID orderId = UUID.randomUUID();
		UserPlacedOrder placed = new UserPlacedOrder(UUID.randomUUID(), orderId, UUID.randomUUID(),
				List.of(new UserPlacedOrder.Line(UUID.randomUUID(), 1)), Instant.now());
		StockRejected rejected = new StockRejected(UUID.randomUUID(), orderId, StockRejected.Reasons.UNKNOWN_PRODUCT,
				List.of(), Instant.now());

		assertThat(this.configuration.supports(placed)).isTrue();
		assertThat(this.configuration.determineTarget(placed))
			.isEqualTo(RoutingTarget.forTarget(Topics.ORDERS_PLACED).andKey(orderId.toString()));
		assertThat(this.configuration.determineTarget(rejected))
			.isEqualTo(RoutingTarget.forTarget(Topics.STOCK_OUTCOMES).andKey(orderId.toString()));
	}

	@Test
	void namesTypeAndVersionInHeaders() {
		UserPlacedOrder placed = new UserPlacedOrder(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
				List.of(), Instant.now());
		Map<String, Object> headers = this.configuration.getHeadersFor(placed);
		assertThat(new String((byte[]) headers.get("event-type"), StandardCharsets.UTF_8)).isEqualTo("UserPlacedOrder");
		assertThat(new String((byte[]) headers.get("event-version"), StandardCharsets.UTF_8)).isEqualTo("1");
	}

	@Test
	void leavesOtherApplicationEventsInsideTheService() {
		assertThat(this.configuration.supports("a string event")).isFalse();
		assertThat(this.configuration.supports(new Object())).isFalse();
	}

}
