package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the HTTP API shows it. */
record OrderView(UUID id, UUID userId, OrderStatus status, List<Item> items, BigDecimal total, String currency,
		String rejectionReason, Instant createdAt, Instant updatedAt) {

	static OrderView of(Order order) {
		return new OrderView(order.getId(), order.getUserId(), order.getStatus(),
				order.getItems().stream().map(Item::of).toList(), order.getTotal(), order.getCurrency(),
				order.getRejectionReason(), order.getCreatedAt(), order.getUpdatedAt());
	}

	/** One line; {@code unitPrice} is {@code null} until the order is confirmed. */
	record Item(UUID productId, int quantity, BigDecimal unitPrice) {

		static Item of(OrderItem item) {
			return new Item(item.productId(), item.quantity(), item.unitPrice());
		}

	}

}
