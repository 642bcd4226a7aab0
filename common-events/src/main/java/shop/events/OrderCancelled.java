package shop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The shopper cancelled an order that was PENDING or CONFIRMED. Published by order-service through its outbox;
 * product-service gives back whatever stock the order holds (or will never reserve it) and answers with
 * {@link StockReleased} when units went back.
 *
 * @param eventId unique per event; consumers record it to apply the event once
 * @param orderId the order, also the record key
 * @param userId the shopper who cancelled it (the order's owner)
 * @param reason why, a code such as {@link Reasons#SHOPPER_REQUEST}
 * @param cancelledAt when order-service cancelled the order
 */
public record OrderCancelled(UUID eventId, UUID orderId, UUID userId, String reason,
		Instant cancelledAt) implements OrderEvent {

	/** Reason codes. Consumers must accept codes they do not know (new ones may be added in the same version). */
	public static final class Reasons {

		/** The owner asked for it over HTTP. */
		public static final String SHOPPER_REQUEST = "SHOPPER_REQUEST";

		private Reasons() {
		}

	}

}
