package shop.order.orders;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

/** The {@link OrderTransitions} fragment of {@link OrderRepository}, in SQL. */
class OrderTransitionsImpl implements OrderTransitions {

	private final JdbcClient jdbc;

	OrderTransitionsImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Order saveTransition(Order order) {
		Assert.state(order.getVersion() != null, () -> "Order " + order.getId() + " is not stored yet: save it");
		int updated = this.jdbc.sql("""
				update orders
				set status = :status, total = :total, currency = :currency, rejection_reason = :rejectionReason,
				    updated_at = :updatedAt, version = version + 1
				where id = :id and version = :version""")
			.param("status", order.getStatus().name())
			.param("total", order.getTotal())
			.param("currency", order.getCurrency())
			.param("rejectionReason", order.getRejectionReason())
			.param("updatedAt", OffsetDateTime.ofInstant(order.getUpdatedAt(), ZoneOffset.UTC))
			.param("id", order.getId())
			.param("version", order.getVersion())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Order " + order.getId() + " is no longer at version "
					+ order.getVersion() + ": another transaction changed it");
		}
		if (order.wasConfirmed()) {
			for (OrderItem item : order.getItems()) {
				this.jdbc.sql("update order_items set unit_price = :unitPrice where order_id = :id and product_id = :productId")
					.param("unitPrice", item.unitPrice())
					.param("id", order.getId())
					.param("productId", item.productId())
					.update();
			}
		}
		order.transitionWritten();
		return order;
	}

}
