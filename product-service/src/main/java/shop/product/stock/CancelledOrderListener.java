package shop.product.stock;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import shop.chassis.kafka.EventReader;
import shop.chassis.kafka.InvalidEvent;
import shop.chassis.kafka.ProcessedEvents;
import shop.events.OrderCancelled;
import shop.events.Topics;

/**
 * Consumes order cancellations and gives the reserved stock back. Each event is applied once: its id is recorded in
 * the same transaction as the release and the outbox entry of the reply.
 */
@Component
class CancelledOrderListener {

	// Room in the cancellations.reason column; new reason codes are accepted, endless text is not.
	static final int MAX_REASON_LENGTH = 64;

	private final EventReader reader;

	private final ProcessedEvents processedEvents;

	private final StockReleases releases;

	CancelledOrderListener(EventReader reader, ProcessedEvents processedEvents, StockReleases releases) {
		this.reader = reader;
		this.processedEvents = processedEvents;
		this.releases = releases;
	}

	@KafkaListener(topics = Topics.ORDERS_CANCELLED, concurrency = "${shop.stock.listener-concurrency}")
	@Transactional
	void on(ConsumerRecord<String, byte[]> record) {
		OrderCancelled cancelled = this.reader.read(record, OrderCancelled.class);
		if (!this.processedEvents.markProcessed(cancelled.eventId())) {
			return;
		}
		check(cancelled);
		this.releases.release(cancelled);
	}

	/** The contract's rules that JSON cannot express; breaking one is a producer bug that no retry can fix. */
	static void check(OrderCancelled cancelled) {
		if (cancelled.reason().isBlank() || cancelled.reason().length() > MAX_REASON_LENGTH) {
			throw new InvalidEvent("Order " + cancelled.orderId() + " cancelled with a reason that is blank or longer than "
					+ MAX_REASON_LENGTH + " characters");
		}
	}

}
