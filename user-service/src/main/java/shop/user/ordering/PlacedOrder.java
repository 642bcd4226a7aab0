package shop.user.ordering;

import java.util.UUID;

/**
 * The outcome of placing an order.
 *
 * @param orderId the order's id
 * @param replayed true when an earlier request with the same idempotency key already placed it
 */
record PlacedOrder(UUID orderId, boolean replayed) {

}
