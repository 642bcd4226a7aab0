package shop.chassis.kafka;

import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of which events a consumer has applied. Inserting the event id in the same transaction as the effect
 * makes redelivery harmless: a second delivery finds the id and changes nothing. Each consuming service creates the
 * table {@code processed_events(event_id uuid primary key, processed_at timestamptz not null)}. Every redelivery
 * found here is counted ({@value #REDELIVERED_METRIC}), so that a fault test can show redeliveries did happen and were
 * absorbed.
 */
public class ProcessedEvents {

	/** Counter of events delivered again after they had been applied (Prometheus: shop_events_redelivered_total). */
	public static final String REDELIVERED_METRIC = "shop.events.redelivered";

	private final JdbcClient jdbc;

	private final Counter redelivered;

	public ProcessedEvents(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.redelivered = Counter.builder(REDELIVERED_METRIC)
			.description("Events delivered again after they had been applied; skipped without effect")
			.register(meters);
	}

	/**
	 * Records the event as applied.
	 * @return {@code true} the first time; {@code false} when it was already applied (skip the effect)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean markProcessed(UUID eventId) {
		boolean first = this.jdbc
			.sql("INSERT INTO processed_events (event_id, processed_at) VALUES (?, now()) ON CONFLICT DO NOTHING")
			.param(eventId)
			.update() == 1;
		if (!first) {
			this.redelivered.increment();
		}
		return first;
	}

}
