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
