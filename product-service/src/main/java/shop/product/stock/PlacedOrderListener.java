package shop.product.stock;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import shop.chassis.kafka.EventReader;
import shop.chassis.kafka.InvalidEvent;
import shop.chassis.kafka.ProcessedEvents;
import shop.events.Topics;
import shop.events.UserPlacedOrder;

/**
 * Consumes placed orders and reserves their stock. Each event is applied once: its id is recorded in the same
 * transaction as the reservation and the outbox entry of the reply. A record that can never be applied goes to the
 * dead-letter topic (see the chassis error handler).
 */
@Component
class PlacedOrderListener {

	private final EventReader reader;

	private final ProcessedEvents processedEvents;

	private final StockReservations reservations;

	PlacedOrderListener(EventReader reader, ProcessedEvents processedEvents, StockReservations reservations) {
		this.reader = reader;
		this.processedEvents = processedEvents;
		this.reservations = reservations;
	}

	@KafkaListener(topics = Topics.ORDERS_PLACED, concurrency = "${shop.stock.listener-concurrency}")
	@Transactional
	void on(ConsumerRecord<String, byte[]> record) {
		UserPlacedOrder order = this.reader.read(record, UserPlacedOrder.class);
		if (!this.processedEvents.markProcessed(order.eventId())) {
			return;
		}
		checkLines(order);
		this.reservations.reserve(order);
	}

	/** The contract's rules that JSON cannot express; breaking one is a producer bug that no retry can fix. */
	static void checkLines(UserPlacedOrder order) {
		List<UserPlacedOrder.Line> items = order.items();
		if (items.isEmpty()) {
			throw new InvalidEvent("Order " + order.orderId() + " has no items");
		}
		Set<UUID> products = new HashSet<>();
		for (UserPlacedOrder.Line line : items) {
			if (line.quantity() < 1) {
				throw new InvalidEvent("Order " + order.orderId() + " asks for " + line.quantity() + " of product "
						+ line.productId() + "; quantities start at 1");
			}
			if (!products.add(line.productId())) {
				throw new InvalidEvent(
						"Order " + order.orderId() + " lists product " + line.productId() + " more than once");
			}
		}
	}

}
