package shop.order.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * Raised by {@link Order} on every status it takes, including the first (PENDING). Published in-process when the
 * order is saved, inside the saving transaction.
 *
 * @param orderId the order
 * @param status the status the order took
 * @param reason the rejection or cancellation reason code, or {@code STOCK_RELEASED} for the entry that records a
 * cancelled order's stock going back; {@code null} otherwise
 * @param placedAt when the shopper placed the order
 * @param changedAt when this service applied the change
 */
public record OrderStatusChanged(UUID orderId, OrderStatus status, String reason, Instant placedAt,
		Instant changedAt) {

	/** Whether this change is the stock outcome that ends the order's processing (a cancellation is not). */
	public boolean isFinal() {
		return this.status == OrderStatus.CONFIRMED || this.status == OrderStatus.REJECTED;
	}

}
