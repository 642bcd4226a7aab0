package shop.order.tracking;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import shop.chassis.kafka.EventReader;
import shop.chassis.kafka.InvalidEvent;
import shop.chassis.kafka.ProcessedEvents;
import shop.events.OrderEvent;
import shop.events.StockRejected;
import shop.events.StockReleased;
import shop.events.StockReserved;
import shop.events.Topics;
import shop.events.UserPlacedOrder;
import shop.order.orders.OrderLocks;

/**
 * Consumes the order placements and the stock outcomes. Each record is applied once, in one transaction with the
 * record of its event id; anything that cannot be applied is refused with {@link InvalidEvent} and dead-lettered.
 */
@Component
class OrderEventListener {

	private final EventReader reader;

	private final ProcessedEvents processed;

	private final OrderLocks locks;

	private final OrderTracker tracker;

	OrderEventListener(EventReader reader, ProcessedEvents processed, OrderLocks locks, OrderTracker tracker) {
		this.reader = reader;
		this.processed = processed;
		this.locks = locks;
		this.tracker = tracker;
	}

	@KafkaListener(topics = Topics.ORDERS_PLACED, concurrency = "${shop.order.listener-concurrency}")
	@Transactional
	public void onOrderPlaced(ConsumerRecord<String, byte[]> record) {
		UserPlacedOrder placed = this.reader.read(record, UserPlacedOrder.class);
		if (begin(placed)) {
			this.tracker.placed(EventChecks.check(placed));
		}
	}

	@KafkaListener(topics = Topics.STOCK_OUTCOMES, concurrency = "${shop.order.listener-concurrency}")
	@Transactional
	public void onStockOutcome(ConsumerRecord<String, byte[]> record) {
		Object event = this.reader.read(record);
		if (event instanceof StockReserved reserved) {
			if (begin(reserved)) {
				this.tracker.outcome(EventChecks.check(reserved));
			}
		}
		else if (event instanceof StockRejected rejected) {
			if (begin(rejected)) {
				this.tracker.outcome(EventChecks.check(rejected));
			}
		}
		else if (event instanceof StockReleased released) {
			if (begin(released)) {
				this.tracker.released(EventChecks.check(released));
			}
		}
		else {
			throw new InvalidEvent("Only stock outcomes belong on " + Topics.STOCK_OUTCOMES);
		}
	}

	// Records the event as processed (false for a redelivery: nothing to do) and takes its order's lock. The checks
	// come after, so a refused record rolls back its processed mark with everything else.
	private boolean begin(OrderEvent event) {
		if (!this.processed.markProcessed(event.eventId())) {
			return false;
		}
		this.locks.lock(event.orderId());
		return true;
	}

}
