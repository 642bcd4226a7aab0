package shop.order.orders;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statuses each order took, in order. Written in the transaction that saves the order, so an order never has a
 * status without its history entry, nor the reverse.
 */
@Component
public class StatusHistory {

	private final JdbcClient jdbc;

	StatusHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void record(OrderStatusChanged change) {
		this.jdbc.sql("""
				insert into order_status_changes (order_id, status, reason, changed_at)
				values (:orderId, :status, :reason, :changedAt)""")
			.param("orderId", change.orderId())
			.param("status", change.status().name())
			.param("reason", change.reason())
			.param("changedAt", OffsetDateTime.ofInstant(change.changedAt(), ZoneOffset.UTC))
			.update();
	}

	/** The statuses an order took, oldest first. */
	public List<Entry> of(UUID orderId) {
		return this.jdbc.sql("""
				select status, reason, changed_at from order_status_changes
				where order_id = :orderId order by id""")
			.param("orderId", orderId)
			.query((rs, row) -> new Entry(OrderStatus.valueOf(rs.getString("status")), rs.getString("reason"),
					rs.getTimestamp("changed_at").toInstant()))
			.list();
	}

	/**
	 * One status an order took.
	 *
	 * @param status the status
	 * @param reason the rejection or cancellation reason, {@code STOCK_RELEASED} for a released cancellation, else
	 * {@code null}
	 * @param changedAt when this service applied it
	 */
	public record Entry(OrderStatus status, String reason, Instant changedAt) {
	}

}
