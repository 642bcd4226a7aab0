package shop.user.ordering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import shop.chassis.observability.AfterCommit;
import shop.events.UserPlacedOrder;

/**
 * Accepts orders. The request row and the {@link UserPlacedOrder} event commit in one transaction: the event goes to
 * Spring Modulith's publication registry (the outbox table) and reaches Kafka after commit, so an event exists if and
 * only if the order was accepted.
 */
@Service
class OrderPlacement {

	private final OrderRequests requests;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Counter placed;

	private final PurchaseLimit purchaseLimit;

	OrderPlacement(OrderRequests requests, PurchaseLimit purchaseLimit, ApplicationEventPublisher events, Clock clock,
			MeterRegistry meters) {
		this.requests = requests;
		this.purchaseLimit = purchaseLimit;
		this.events = events;
		this.clock = clock;
		this.placed = Counter.builder("shop.orders.placed")
			.description("Orders accepted (a repeated idempotency key places nothing and is not counted)")
			.register(meters);
	}

	/**
	 * Places an order for a user, once per idempotency key.
	 * @param userId the shopper, from the verified token
	 * @param key the client's idempotency key, or null
	 * @param lines the validated lines (distinct products)
	 * @return the order, new or the one this key placed before
	 * @throws IdempotencyKeyReused when the key placed a different order before
	 * @throws OrderRefused when a line would take the shopper over the purchase limit of one product
	 */
	@Transactional
	PlacedOrder place(UUID userId, IdempotencyKey key, List<OrderLine> lines) {
		String fingerprint = fingerprint(lines);
		UUID orderId = UUID.randomUUID();
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MICROS);
		if (!this.requests.insertIfKeyUnused(orderId, userId, key, fingerprint, now)) {
			// Read committed: this statement sees the row whose insert made ours skip.
			OrderRequests.StoredRequest earlier = this.requests.find(userId, key)
				.orElseThrow(() -> new IllegalStateException("Idempotency key conflict without a stored request"));
			if (!earlier.fingerprint().equals(fingerprint)) {
				throw new IdempotencyKeyReused();
			}
			return new PlacedOrder(earlier.orderId(), true);
		}
		this.purchaseLimit.record(orderId, userId, lines, now);
		this.events.publishEvent(new UserPlacedOrder(UUID.randomUUID(), orderId, userId,
				lines.stream().map((line) -> new UserPlacedOrder.Line(line.productId(), line.quantity())).toList(),
				now));
		AfterCommit.run(this.placed::increment);
		return new PlacedOrder(orderId, false);
	}

	/**
	 * The request's identity for idempotency: SHA-256 over the lines sorted by product, so the same lines in another
	 * order are the same request.
	 */
	static String fingerprint(List<OrderLine> lines) {
		String canonical = lines.stream()
			.sorted(Comparator.comparing(OrderLine::productId))
			.map((line) -> line.productId() + "=" + line.quantity())
			.collect(Collectors.joining(";"));
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
