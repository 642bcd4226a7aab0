package shop.order.orders;

import java.time.Clock;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import shop.events.OrderCancelled;

/**
 * Cancels an order for its owner and tells product-service through the outbox: the new status and the
 * {@link OrderCancelled} event commit together or not at all, and the event is sent after the commit, again after a
 * crash, until Kafka has it.
 */
@Service
public class OrderCancellation {

	private final OrderRepository orders;

	private final OrderLocks locks;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	OrderCancellation(OrderRepository orders, OrderLocks locks, ApplicationEventPublisher events, Clock clock) {
		this.orders = orders;
		this.locks = locks;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Cancels the order if it belongs to the user.
	 * @return the cancelled order
	 * @throws OrderNotFound when no such order belongs to the user
	 * @throws OrderTransitionRefused when the order is REJECTED or CANCELLED already
	 */
	@Transactional
	public Order cancel(UUID orderId, UUID userId) {
		// The same lock as the stock outcome listener: a StockReserved being applied right now either commits first
		// (and we cancel a CONFIRMED order) or waits and finds the order CANCELLED. No stale-version failure.
		this.locks.lock(orderId);
		Order order = this.orders.findByIdAndUserId(orderId, userId).orElseThrow(() -> new OrderNotFound(orderId));
		order.cancel(OrderCancelled.Reasons.SHOPPER_REQUEST, this.clock.instant());
		Order saved = this.orders.saveTransition(order);
		this.events.publishEvent(new OrderCancelled(UUID.randomUUID(), orderId, userId,
				OrderCancelled.Reasons.SHOPPER_REQUEST, saved.getUpdatedAt()));
		return saved;
	}

}
