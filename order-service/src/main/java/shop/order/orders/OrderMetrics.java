package shop.order.orders;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import shop.chassis.observability.AfterCommit;
import shop.events.StockRejected;

/**
 * How orders end: {@code shop.orders.completion} (time from placement to the final status, tagged by outcome),
 * {@code shop.orders.confirmed} and {@code shop.orders.rejected} (tagged by reason). Counted after commit, so a
 * rolled-back or redelivered outcome is never counted twice.
 * <p>
 * A plain listener that defers to {@link AfterCommit}, not a {@code @TransactionalEventListener}: Spring Modulith's
 * event publication registry stores a publication (a JSON row in {@code event_publication}, deleted again after the
 * commit in a transaction of its own) for every after-commit listener of every event, so each status change paid two
 * more writes, a serialization and a second transaction for a metric that needs no delivery guarantee.
 */
@Component
class OrderMetrics {

	// Reasons are a producer's free text as far as tags go: only the known codes become tag values, so a buggy
	// producer cannot blow up the number of time series.
	private static final Set<String> KNOWN_REASONS = Set.of(StockRejected.Reasons.INSUFFICIENT_STOCK,
			StockRejected.Reasons.UNKNOWN_PRODUCT, StockRejected.Reasons.CURRENCY_MISMATCH);

	private final MeterRegistry registry;

	private final Counter confirmed;

	OrderMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.confirmed = Counter.builder("shop.orders.confirmed")
			.description("Orders confirmed (stock reserved)")
			.register(registry);
	}

	@EventListener
	void on(OrderStatusChanged change) {
		if (change.isFinal()) {
			AfterCommit.run(() -> count(change));
		}
	}

	private void count(OrderStatusChanged change) {
		Duration completion = Duration.between(change.placedAt(), change.changedAt());
		Timer.builder("shop.orders.completion")
			.description("Time from the order's placement to its final status")
			.tag("outcome", change.status().name())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(completion.isNegative() ? Duration.ZERO : completion);
		if (change.status() == OrderStatus.CONFIRMED) {
			this.confirmed.increment();
		}
		else {
			Counter.builder("shop.orders.rejected")
				.description("Orders rejected, by reason")
				.tag("reason", KNOWN_REASONS.contains(change.reason()) ? change.reason() : "OTHER")
				.register(this.registry)
				.increment();
		}
	}

}
