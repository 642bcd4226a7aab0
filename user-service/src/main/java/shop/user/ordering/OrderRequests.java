package shop.user.ordering;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accepted order requests, one row per order: what makes idempotency keys work. */
@Repository
class OrderRequests {

	private final JdbcClient jdbc;

	OrderRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a request unless this user already used this key. The unique constraint decides, not an earlier read:
	 * when two requests with one key race, PostgreSQL makes the second insert wait for the first transaction and then
	 * skip, so exactly one order is stored.
	 * @return whether the row was inserted
	 */
	boolean insertIfKeyUnused(UUID orderId, UUID userId, IdempotencyKey key, String fingerprint, Instant createdAt) {
		return this.jdbc
			.sql("""
					INSERT INTO order_requests (order_id, user_id, idempotency_key, request_fingerprint, created_at)
					VALUES (:orderId, :userId, :key, :fingerprint, :createdAt)
					ON CONFLICT (user_id, idempotency_key) DO NOTHING""")
			.param("orderId", orderId)
			.param("userId", userId)
			.param("key", (key != null) ? key.value() : null)
			.param("fingerprint", fingerprint)
			.param("createdAt", Timestamp.from(createdAt))
			.update() == 1;
	}

	/** The request this user stored under this key. */
	Optional<StoredRequest> find(UUID userId, IdempotencyKey key) {
		return this.jdbc
			.sql("SELECT order_id, request_fingerprint FROM order_requests "
					+ "WHERE user_id = :userId AND idempotency_key = :key")
			.param("userId", userId)
			.param("key", key.value())
			.query((rs, row) -> new StoredRequest(rs.getObject("order_id", UUID.class),
					rs.getString("request_fingerprint")))
			.optional();
	}

	/**
	 * What a stored request is compared by.
	 *
	 * @param orderId the order it placed
	 * @param fingerprint {@link OrderPlacement#fingerprint} of its lines
	 */
	record StoredRequest(UUID orderId, String fingerprint) {

	}

}
