package shop.chassis.kafka;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of which events a consumer has applied. Inserting the event id in the same transaction as the effect
 * makes redelivery harmless: a second delivery finds the id and changes nothing. Each consuming service creates the
 * table {@code processed_events(event_id uuid primary key, processed_at timestamptz not null)}.
 */
public class ProcessedEvents {

	private final JdbcClient jdbc;

	public ProcessedEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the event as applied.
	 * @return {@code true} the first time; {@code false} when it was already applied (skip the effect)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean markProcessed(UUID eventId) {
		return this.jdbc
			.sql("INSERT INTO processed_events (event_id, processed_at) VALUES (?, now()) ON CONFLICT DO NOTHING")
			.param(eventId)
			.update() == 1;
	}

}
