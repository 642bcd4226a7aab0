package shop.product.stock;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import shop.chassis.observability.AfterCommit;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;

/**
 * Reserves the stock of a placed order, all-or-nothing, and answers with {@link StockReserved} or
 * {@link StockRejected} through the outbox, in the caller's transaction.
 */
@Service
class StockReservations {

	private static final Logger logger = LoggerFactory.getLogger(StockReservations.class);

	private final StockLedger ledger;

	private final OrderLocks locks;

	private final ApplicationEventPublisher events;

	private final Counter unitsReserved;

	StockReservations(StockLedger ledger, OrderLocks locks, ApplicationEventPublisher events, MeterRegistry meters) {
		this.ledger = ledger;
		this.locks = locks;
		this.events = events;
		this.unitsReserved = Counter.builder("shop.stock.units.reserved")
			.description("Units of stock reserved for confirmed orders")
			.register(meters);
	}

	/** Must join the listener's transaction: the effect, the reply and the processed event id commit together. */
	@Transactional(propagation = Propagation.MANDATORY)
	void reserve(UserPlacedOrder order) {
		// The order lock first: a cancellation of this order being applied right now is either committed before we
		// look (and seen below) or waits until this reservation is committed (and then releases it).
		this.locks.lock(order.orderId());
		if (this.ledger.isCancelled(order.orderId())) {
			logger.info("Order {} was cancelled before its placement arrived; nothing is reserved",
					order.orderId());
			this.events.publishEvent(new StockRejected(UUID.randomUUID(), order.orderId(),
					StockRejected.Reasons.ORDER_CANCELLED, List.of(), Instant.now()));
			return;
		}
		List<UUID> productIds = order.items().stream().map(UserPlacedOrder.Line::productId).toList();
		Map<UUID, StockLevel> levels = this.ledger.lockLevels(productIds)
			.stream()
			.collect(Collectors.toMap(StockLevel::productId, Function.identity()));
		ReservationDecision decision = ReservationDecision.decide(order.items(), levels);
		Instant now = Instant.now();
		if (decision instanceof ReservationDecision.Reserve reserve) {
			if (!this.ledger.recordReservation(order.orderId(), reserve.currency(), now)) {
				logger.warn("Order {} has a stock reservation already; event {} changes nothing", order.orderId(),
						order.eventId());
				return;
			}
			reserve.lines().forEach((line) -> this.ledger.take(order.orderId(), line, now));
			long units = reserve.lines().stream().mapToLong((line) -> line.quantity()).sum();
			AfterCommit.run(() -> this.unitsReserved.increment(units));
			this.events.publishEvent(new StockReserved(UUID.randomUUID(), order.orderId(),
					reserve.lines()
						.stream()
						.map((line) -> new StockReserved.Line(line.productId(), line.quantity(), line.unitPrice()))
						.toList(),
					reserve.total(), reserve.currency(), now));
		}
		else if (decision instanceof ReservationDecision.Reject reject) {
			this.events.publishEvent(
					new StockRejected(UUID.randomUUID(), order.orderId(), reject.reason(), reject.lines(), now));
		}
	}

}
