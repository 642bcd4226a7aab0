package shop.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The stock reserved for a cancelled order went back to its products, once. Published by product-service through its
 * outbox, in the transaction that restored the units.
 *
 * @param eventId unique per event; consumers record it to apply the event once
 * @param orderId the order, also the record key
 * @param items the released lines: the units given back per product
 * @param releasedAt when the stock was given back
 */
public record StockReleased(UUID eventId, UUID orderId, List<Line> items, Instant releasedAt) implements OrderEvent {

	/** Units of one product given back. */
	public record Line(UUID productId, int quantity) {
	}

}
