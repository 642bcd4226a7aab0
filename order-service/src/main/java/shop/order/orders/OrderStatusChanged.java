package shop.order.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * Raised by {@link Order} on every status it takes, including the first (PENDING). Published in-process when the
 * order is saved, inside the saving transaction.
 *
 * @param orderId the order
 * @param status the status the order took
 * @param reason the rejection reason code, {@code null} unless REJECTED
 * @param placedAt when the shopper placed the order
 * @param changedAt when this service applied the change
 */
public record OrderStatusChanged(UUID orderId, OrderStatus status, String reason, Instant placedAt,
		Instant changedAt) {

	/** Whether this change ends the order's processing. */
	public boolean isFinal() {
		return this.status != OrderStatus.PENDING;
	}

}
