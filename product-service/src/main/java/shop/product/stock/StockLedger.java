package shop.product.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stock columns of the products and the reservations made from them, in SQL. */
@Repository
class StockLedger {

	private final JdbcClient jdbc;

	StockLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The stock levels of those products that exist, each row locked until the transaction ends. The rows are locked
	 * in product id order, the same order for every order, so two orders for overlapping products wait for each
	 * other instead of deadlocking.
	 */
	List<StockLevel> lockLevels(Collection<UUID> productIds) {
		return this.jdbc.sql("""
				select id as product_id, stock as available, price, currency
				from products
				where id in (:ids)
				order by id
				for update""").param("ids", productIds).query(StockLevel.class).list();
	}

	/**
	 * Records the reservation of an order.
	 * @return false when the order has a reservation already (the same order delivered under another event id)
	 */
	boolean recordReservation(UUID orderId, String currency, Instant now) {
		return this.jdbc.sql("""
				insert into reservations (order_id, status, currency, created_at)
				values (:orderId, 'RESERVED', :currency, :now)
				on conflict (order_id) do nothing""")
			.param("orderId", orderId)
			.param("currency", currency)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Remembers that an order was cancelled.
	 * @return false when a cancellation of this order was recorded already (a second cancellation changes nothing)
	 */
	boolean recordCancellation(UUID orderId, UUID eventId, String reason, Instant cancelledAt, Instant now) {
		return this.jdbc.sql("""
				insert into cancellations (order_id, event_id, reason, cancelled_at, received_at)
				values (:orderId, :eventId, :reason, :cancelledAt, :now)
				on conflict (order_id) do nothing""")
			.param("orderId", orderId)
			.param("eventId", eventId)
			.param("reason", reason)
			.param("cancelledAt", Timestamp.from(cancelledAt))
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** Whether the order was cancelled (its placement may come later). */
	boolean isCancelled(UUID orderId) {
		return this.jdbc.sql("select count(*) from cancellations where order_id = :orderId")
			.param("orderId", orderId)
			.query(Integer.class)
			.single() > 0;
	}

	/** The lines of the order's reservation while it still holds its units; empty when there is none to release. */
	List<ReservedLine> reservedLines(UUID orderId) {
		return this.jdbc.sql("""
				select l.product_id, l.quantity
				from reservations r join reservation_lines l on l.order_id = r.order_id
				where r.order_id = :orderId and r.status = 'RESERVED'
				order by l.product_id""").param("orderId", orderId).query(ReservedLine.class).list();
	}

	/** Gives the units of one released line back to the product's stock. */
	void giveBack(ReservedLine line, Instant now) {
		this.jdbc.sql("""
				update products
				set stock = stock + :quantity, version = version + 1, updated_at = :now
				where id = :productId""")
			.param("quantity", line.quantity())
			.param("now", Timestamp.from(now))
			.param("productId", line.productId())
			.update();
	}

	/** Marks the order's reservation released: its units are back and must never be given back again. */
	void markReleased(UUID orderId, Instant now) {
		int updated = this.jdbc.sql("""
				update reservations set status = 'RELEASED', released_at = :now
				where order_id = :orderId and status = 'RESERVED'""")
			.param("orderId", orderId)
			.param("now", Timestamp.from(now))
			.update();
		if (updated != 1) {
			throw new IllegalStateException("Reservation of order " + orderId + " is not RESERVED");
		}
	}

	/**
	 * A line of a reservation.
	 *
	 * @param productId the product
	 * @param quantity units taken for the order
	 */
	record ReservedLine(UUID productId, int quantity) {
	}

	/** Takes the units of one reserved line from the product's stock. */
	void take(UUID orderId, ReservationDecision.Reserve.Line line, Instant now) {
		// The check constraint products_stock_not_negative would refuse a negative stock even if the decision erred.
		this.jdbc.sql("""
				update products
				set stock = stock - :quantity, version = version + 1, updated_at = :now
				where id = :productId""")
			.param("quantity", line.quantity())
			.param("now", Timestamp.from(now))
			.param("productId", line.productId())
			.update();
		this.jdbc.sql("""
				insert into reservation_lines (order_id, product_id, quantity, unit_price)
				values (:orderId, :productId, :quantity, :unitPrice)""")
			.param("orderId", orderId)
			.param("productId", line.productId())
			.param("quantity", line.quantity())
			.param("unitPrice", line.unitPrice())
			.update();
	}

}
