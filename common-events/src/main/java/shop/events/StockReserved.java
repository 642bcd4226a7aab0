package shop.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every line of an order was reserved: the stock is decremented. Published by product-service through its outbox.
 *
 * @param eventId unique per event; consumers record it to apply the event once
 * @param orderId the order, also the record key
 * @param items the reserved lines with the unit price at reservation time
 * @param total the sum of quantity × unit price over all lines, two decimals
 * @param currency ISO 4217 code of every price and of the total
 * @param reservedAt when the stock was reserved
 */
public record StockReserved(UUID eventId, UUID orderId, List<Line> items, BigDecimal total, String currency,
		Instant reservedAt) implements OrderEvent {

	/** One reserved line. */
	public record Line(UUID productId, int quantity, BigDecimal unitPrice) {
	}

}
