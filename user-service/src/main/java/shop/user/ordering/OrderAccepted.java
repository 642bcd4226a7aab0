package shop.user.ordering;

import java.util.UUID;

/**
 * The answer to an accepted order: it is handed on, and order-service decides the outcome.
 *
 * @param orderId where to follow it: {@code GET /api/orders/{orderId}}
 * @param status always {@code PENDING} here
 */
record OrderAccepted(UUID orderId, String status) {

	static OrderAccepted pending(UUID orderId) {
		return new OrderAccepted(orderId, "PENDING");
	}

}
