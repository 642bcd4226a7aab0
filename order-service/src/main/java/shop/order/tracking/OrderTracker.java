package shop.order.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import shop.chassis.kafka.InvalidEvent;
import shop.events.OrderEvent;
import shop.events.StockRejected;
import shop.events.StockReleased;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;
import shop.order.orders.Order;
import shop.order.orders.OrderItem;
import shop.order.orders.OrderRepository;
import shop.order.orders.OrderTransitionRefused;
import shop.order.orders.Transition;

/**
 * Applies the order and stock events to the orders. Runs inside the listener's transaction, after the event was
 * checked, recorded as processed and its order locked.
 */
@Component
class OrderTracker {

	private static final Logger logger = LoggerFactory.getLogger(OrderTracker.class);

	private final OrderRepository orders;

	private final EarlyOutcomes earlyOutcomes;

	private final Clock clock;

	OrderTracker(OrderRepository orders, EarlyOutcomes earlyOutcomes, Clock clock) {
		this.orders = orders;
		this.earlyOutcomes = earlyOutcomes;
		this.clock = clock;
	}

	/** Creates the order PENDING, then applies its stock outcome if that arrived first. */
	void placed(UserPlacedOrder placed) {
		if (this.orders.existsById(placed.orderId())) {
			logger.info("Order {} exists already; placement event {} ignored", placed.orderId(), placed.eventId());
			return;
		}
		List<OrderItem> items = placed.items()
			.stream()
			.map((line) -> OrderItem.of(line.productId(), line.quantity()))
			.toList();
		Order order = Order.place(placed.orderId(), placed.userId(), items, placed.placedAt(), this.clock.instant());
		Optional<OrderEvent> early = this.earlyOutcomes.find(placed.orderId());
		if (early.isPresent()) {
			try {
				apply(order, early.get());
				this.earlyOutcomes.remove(placed.orderId());
			}
			catch (OrderTransitionRefused ex) {
				// The placement itself is fine: the order is created PENDING and the outcome stays parked for an
				// operator to look at, rather than dead-lettering a valid placement.
				logger.error("Early outcome {} for order {} refused: {}", early.get().eventId(), order.getId(),
						ex.getMessage());
			}
		}
		this.orders.save(order);
	}

	/** Applies a stock outcome to its order, or parks it until the order exists. */
	void outcome(OrderEvent outcome) {
		Optional<Order> found = this.orders.findById(outcome.orderId());
		if (found.isEmpty()) {
			parkEarly(outcome);
			return;
		}
		Order order = found.get();
		Transition transition;
		try {
			transition = apply(order, outcome);
		}
		catch (OrderTransitionRefused ex) {
			throw new InvalidEvent(ex.getMessage());
		}
		if (transition == Transition.APPLIED) {
			this.orders.saveTransition(order);
		}
		else if (transition == Transition.CANCELLED_BEFORE) {
			logger.info("Order {} was cancelled before its stock outcome {}; product-service releases the stock",
					order.getId(), outcome.eventId());
		}
		else {
			logger.info("Order {} is {} already; outcome {} ignored", order.getId(), order.getStatus(),
					outcome.eventId());
		}
	}

	/** Records in the order's history that its stock went back. */
	void released(StockReleased released) {
		Order order = this.orders.findById(released.orderId())
			.orElseThrow(() -> new InvalidEvent("Stock released for order " + released.orderId()
					+ " that this service never cancelled"));
		try {
			order.stockReleased(this.clock.instant());
		}
		catch (OrderTransitionRefused ex) {
			throw new InvalidEvent(ex.getMessage());
		}
		this.orders.saveTransition(order);
	}

	// Same rule as on an existing order: a second outcome of the same kind changes nothing, a contradicting one is
	// refused.
	private void parkEarly(OrderEvent outcome) {
		Optional<OrderEvent> parked = this.earlyOutcomes.find(outcome.orderId());
		if (parked.isEmpty()) {
			this.earlyOutcomes.park(outcome, this.clock.instant());
		}
		else if (parked.get().getClass() != outcome.getClass()) {
			throw new InvalidEvent("Order " + outcome.orderId() + ": " + outcome.getClass().getSimpleName()
					+ " contradicts the " + parked.get().getClass().getSimpleName() + " already received");
		}
		else {
			logger.info("An outcome for order {} is parked already; outcome {} ignored", outcome.orderId(),
					outcome.eventId());
		}
	}

	private Transition apply(Order order, OrderEvent outcome) {
		if (outcome instanceof StockReserved reserved) {
			List<OrderItem> lines = reserved.items()
				.stream()
				.map((line) -> new OrderItem(line.productId(), line.quantity(), line.unitPrice()))
				.toList();
			return order.confirm(lines, reserved.total(), reserved.currency(), this.clock.instant());
		}
		if (outcome instanceof StockRejected rejected) {
			return order.reject(rejected.reason(), this.clock.instant());
		}
		throw new IllegalArgumentException("Not a stock outcome: " + outcome.getClass().getName());
	}

}
