package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An order as the HTTP API shows it. The {@code history} is shown for one order only (absent from the list, where it
 * would cost one query per order).
 */
record OrderView(UUID id, UUID userId, OrderStatus status, List<Item> items, BigDecimal total, String currency,
		String rejectionReason, Instant createdAt, Instant updatedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<Change> history) {

	/** An order in a list: without its history. */
	static OrderView of(Order order) {
		return new OrderView(order.getId(), order.getUserId(), order.getStatus(),
				order.getItems().stream().map(Item::of).toList(), order.getTotal(), order.getCurrency(),
				order.getRejectionReason(), order.getCreatedAt(), order.getUpdatedAt(), null);
	}

	/** One order with its history, oldest change first. */
	static OrderView of(Order order, List<StatusHistory.Entry> history) {
		return new OrderView(order.getId(), order.getUserId(), order.getStatus(),
				order.getItems().stream().map(Item::of).toList(), order.getTotal(), order.getCurrency(),
				order.getRejectionReason(), order.getCreatedAt(), order.getUpdatedAt(),
				history.stream().map(Change::of).toList());
	}

	/**
	 * One entry of the history.
	 *
	 * @param status the status taken
	 * @param reason rejection or cancellation code, {@code STOCK_RELEASED} when a cancelled order's stock went back,
	 * else {@code null}
	 * @param at when this service applied it
	 */
	record Change(OrderStatus status, String reason, Instant at) {

		static Change of(StatusHistory.Entry entry) {
			return new Change(entry.status(), entry.reason(), entry.changedAt());
		}

	}

	/** One line; {@code unitPrice} is {@code null} until the order is confirmed. */
	record Item(UUID productId, int quantity, BigDecimal unitPrice) {

		static Item of(OrderItem item) {
			return new Item(item.productId(), item.quantity(), item.unitPrice());
		}

	}

}
