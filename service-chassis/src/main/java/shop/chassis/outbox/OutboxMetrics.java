package shop.chassis.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox as operators need to see it: {@code shop.outbox.pending} (publications stored but not yet confirmed by
 * Kafka) and {@code shop.outbox.oldest.age} (how long the oldest of them has waited; 0 when none). A growing age means
 * events are stuck: the broker is unreachable or every send fails. Read from Spring Modulith's
 * {@code event_publication} table at most once per second, whatever the number of scrapes.
 */
class OutboxMetrics implements MeterBinder {

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private volatile Snapshot snapshot;

	OutboxMetrics(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("shop.outbox.pending", this, (metrics) -> metrics.current().pending())
			.description("Event publications stored in the outbox and not yet sent to Kafka")
			.register(registry);
		TimeGauge.builder("shop.outbox.oldest.age", this, TimeUnit.SECONDS, (metrics) -> metrics.current().oldestAge())
			.description("Age of the oldest event publication still waiting in the outbox (0 when it is empty)")
			.register(registry);
	}

	Snapshot current() {
		Instant now = this.clock.instant();
		Snapshot last = this.snapshot;
		if (last != null && last.takenAt().plus(CACHE).isAfter(now)) {
			return last;
		}
		Snapshot fresh = read(now);
		this.snapshot = fresh;
		return fresh;
	}

	private Snapshot read(Instant now) {
		try {
			return this.jdbc
				.sql("SELECT count(*) AS pending, min(publication_date) AS oldest FROM event_publication "
						+ "WHERE completion_date IS NULL")
				.query((rs, row) -> {
					long pending = rs.getLong("pending");
					OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
					double age = (oldest != null)
							? Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0) : 0;
					return new Snapshot(now, pending, age);
				})
				.single();
		}
		catch (DataAccessException ex) {
			// Unknown rather than a made-up zero: Prometheus shows a gap while the database is away.
			return new Snapshot(now, Double.NaN, Double.NaN);
		}
	}

	record Snapshot(Instant takenAt, double pending, double oldestAge) {
	}

}
