package shop.product.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import shop.events.OrderCancelled;
import shop.events.StockReleased;

/**
 * Gives the stock of a cancelled order back, exactly once, and answers with {@link StockReleased} through the outbox,
 * in the caller's transaction. A cancellation that overtakes its order's placement is remembered, so the placement
 * reserves nothing (see {@link StockReservations}).
 */
@Service
class StockReleases {

	private static final Logger logger = LoggerFactory.getLogger(StockReleases.class);

	private final StockLedger ledger;

	private final OrderLocks locks;

	private final ApplicationEventPublisher events;

	StockReleases(StockLedger ledger, OrderLocks locks, ApplicationEventPublisher events) {
		this.ledger = ledger;
		this.locks = locks;
		this.events = events;
	}

	/** Must join the listener's transaction: the release, the reply and the processed event id commit together. */
	@Transactional(propagation = Propagation.MANDATORY)
	void release(OrderCancelled cancelled) {
		this.locks.lock(cancelled.orderId());
		Instant now = Instant.now();
		if (!this.ledger.recordCancellation(cancelled.orderId(), cancelled.eventId(), cancelled.reason(),
				cancelled.cancelledAt(), now)) {
			logger.info("Order {} was cancelled already; event {} changes nothing", cancelled.orderId(),
					cancelled.eventId());
			return;
		}
		List<StockLedger.ReservedLine> lines = this.ledger.reservedLines(cancelled.orderId());
		if (lines.isEmpty()) {
			// Nothing reserved yet (the placement is still on its way) or the order was rejected: the recorded
			// cancellation is all that is needed.
			return;
		}
		// The product rows in id order, as a reservation locks them: a release and a reservation of overlapping
		// products wait for each other instead of deadlocking.
		this.ledger.lockLevels(lines.stream().map(StockLedger.ReservedLine::productId).toList());
		lines.forEach((line) -> this.ledger.giveBack(line, now));
		this.ledger.markReleased(cancelled.orderId(), now);
		this.events.publishEvent(new StockReleased(UUID.randomUUID(), cancelled.orderId(),
				lines.stream().map((line) -> new StockReleased.Line(line.productId(), line.quantity())).toList(),
				now));
	}

}
