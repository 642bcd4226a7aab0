package shop.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A shopper placed an order. Published by user-service through its outbox once the order request is stored.
 *
 * @param eventId unique per event; consumers record it to apply the event once
 * @param orderId the order this event is about, also the record key
 * @param userId the shopper, taken from the verified token, never from a request body
 * @param items one line per distinct product
 * @param placedAt when user-service accepted the order
 */
public record UserPlacedOrder(UUID eventId, UUID orderId, UUID userId, List<Line> items,
		Instant placedAt) implements OrderEvent {

	/** A product and how many units of it. */
	public record Line(UUID productId, int quantity) {
	}

}
