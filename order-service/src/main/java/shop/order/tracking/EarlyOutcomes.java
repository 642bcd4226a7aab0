package shop.order.tracking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import shop.events.EventType;
import shop.events.OrderEvent;

/**
 * Stock outcomes that arrived before their order. The two topics are consumed independently, so an outcome can
 * overtake its order's placement; it waits here, at most one per order, until the placement applies it.
 */
@Component
class EarlyOutcomes {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	EarlyOutcomes(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Parks an outcome; does nothing when one is already parked for its order. */
	void park(OrderEvent outcome, Instant now) {
		EventType<?> type = EventType.forRecord(outcome.getClass());
		this.jdbc.sql("""
				insert into early_outcomes (order_id, event_id, event_type, event_version, payload, received_at)
				values (:orderId, :eventId, :type, :version, :payload, :receivedAt)
				on conflict (order_id) do nothing""")
			.param("orderId", outcome.orderId())
			.param("eventId", outcome.eventId())
			.param("type", type.name())
			.param("version", type.version())
			.param("payload", this.json.writeValueAsString(outcome))
			.param("receivedAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update();
	}

	/** The outcome parked for an order, if any. */
	Optional<OrderEvent> find(UUID orderId) {
		return this.jdbc.sql("select event_type, event_version, payload from early_outcomes where order_id = :orderId")
			.param("orderId", orderId)
			.query((rs, row) -> read(rs.getString("event_type"), rs.getInt("event_version"), rs.getString("payload")))
			.optional();
	}

	void remove(UUID orderId) {
		this.jdbc.sql("delete from early_outcomes where order_id = :orderId").param("orderId", orderId).update();
	}

	private OrderEvent read(String name, int version, String payload) {
		EventType<?> type = EventType.of(name, version)
			.orElseThrow(() -> new IllegalStateException("Parked outcome of unknown type " + name + " v" + version));
		return (OrderEvent) this.json.readValue(payload, type.type());
	}

}
