package shop.user.ordering;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Caps how many units of one product a shopper may order within a window (a scalper's bot buying up a product is
 * refused after the cap, whatever the stock). Counts the lines of accepted orders, including those still PENDING or
 * later rejected: a cap on attempts, decided here in the placement's transaction and never raced, because each
 * shopper's placements take a transaction-scoped advisory lock before counting.
 */
@Repository
class PurchaseLimit {

	private final JdbcClient jdbc;

	private final PurchaseLimitProperties properties;

	PurchaseLimit(JdbcClient jdbc, PurchaseLimitProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Checks the new order's lines against what the shopper ordered within the window, and records them. Runs inside
	 * the placement's transaction, after the order request row is stored.
	 * @throws OrderRefused when a line would take the shopper over the cap (the transaction then rolls back)
	 */
	void record(UUID orderId, UUID userId, List<OrderLine> lines, Instant now) {
		// Serialises this shopper's placements until commit: the sum below then includes every earlier order.
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:key)")
			.param("key", userId.getMostSignificantBits() ^ userId.getLeastSignificantBits())
			.query((rs, row) -> 1)
			.list();
		Map<UUID, Long> ordered = new HashMap<>();
		this.jdbc
			.sql("SELECT product_id, sum(quantity) AS units FROM order_request_lines WHERE user_id = :user"
					+ " AND product_id = ANY(:products) AND created_at > :since GROUP BY product_id")
			.param("user", userId)
			.param("products", lines.stream().map(OrderLine::productId).toArray(UUID[]::new))
			.param("since", Timestamp.from(now.minus(this.properties.window())))
			.query((rs, row) -> ordered.put(rs.getObject("product_id", UUID.class), rs.getLong("units")))
			.list();
		int max = this.properties.maxUnitsPerProduct();
		List<OrderRefused.Line> refused = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			long before = ordered.getOrDefault(lines.get(i).productId(), 0L);
			if (before + lines.get(i).quantity() > max) {
				refused.add(new OrderRefused.Line("items[" + i + "].quantity",
						"over the limit of " + max + " units of one product per shopper in " + describe(
								this.properties.window()) + " (" + Math.max(0, max - before) + " more allowed now)"));
			}
		}
		if (!refused.isEmpty()) {
			throw new OrderRefused(refused);
		}
		for (OrderLine line : lines) {
			this.jdbc
				.sql("INSERT INTO order_request_lines (order_id, user_id, product_id, quantity, created_at)"
						+ " VALUES (:order, :user, :product, :quantity, :at)")
				.param("order", orderId)
				.param("user", userId)
				.param("product", line.productId())
				.param("quantity", line.quantity())
				.param("at", Timestamp.from(now))
				.update();
		}
	}

	private static String describe(Duration window) {
		if (window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
			return window.toHours() + " h";
		}
		return window.toMinutes() + " min";
	}

}
