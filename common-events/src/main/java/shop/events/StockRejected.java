package shop.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * No stock was reserved for an order, and none changed. Published by product-service through its outbox.
 *
 * @param eventId unique per event; consumers record it to apply the event once
 * @param orderId the order, also the record key
 * @param reason one of the {@link Reasons} codes
 * @param lines the lines that could not be served, with what was asked and what was available (0 for an unknown
 * product)
 * @param rejectedAt when the reservation was refused
 */
public record StockRejected(UUID eventId, UUID orderId, String reason, List<Line> lines,
		Instant rejectedAt) implements OrderEvent {

	/** A line that could not be served. */
	public record Line(UUID productId, int requested, int available) {
	}

	/** Reason codes. Consumers must accept codes they do not know (new ones may be added in the same version). */
	public static final class Reasons {

		/** At least one product had fewer units than asked for. */
		public static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";

		/** At least one product does not exist. */
		public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";

		/** The products are priced in more than one currency, so no total can be given. */
		public static final String CURRENCY_MISMATCH = "CURRENCY_MISMATCH";

		/**
		 * The order was cancelled before its placement reached product-service: nothing is reserved for it, ever.
		 * Sent with no lines.
		 */
		public static final String ORDER_CANCELLED = "ORDER_CANCELLED";

		private Reasons() {
		}

	}

}
