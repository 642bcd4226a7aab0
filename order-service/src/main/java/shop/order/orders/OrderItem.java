package shop.order.orders;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of an order.
 *
 * @param productId the product
 * @param quantity how many units, at least one
 * @param unitPrice the price per unit at reservation time, two decimals; {@code null} until the order is confirmed
 */
@Table("order_items")
public record OrderItem(UUID productId, int quantity, BigDecimal unitPrice) {

	/** An ordered line, not priced yet. */
	public static OrderItem of(UUID productId, int quantity) {
		return new OrderItem(productId, quantity, null);
	}

	OrderItem priced(BigDecimal price) {
		return new OrderItem(this.productId, this.quantity, price);
	}

}
