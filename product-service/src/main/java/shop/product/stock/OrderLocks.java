package shop.product.stock;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Serializes the transactions that touch one order's stock. The placement and the cancellation of an order arrive on
 * two topics, read by different consumers, so they can run at the same time: without the lock, the cancellation could
 * find no reservation while the placement, not yet seeing the cancellation, reserves: units lost for good.
 */
@Component
class OrderLocks {

	// First key of the two-key form: a namespace, so these locks never collide with other advisory locks in this
	// database (the two-key and one-key spaces do not overlap; Flyway uses the one-key form).
	private static final int ORDER_NAMESPACE = 0x05_70C4;

	private final JdbcClient jdbc;

	OrderLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Waits for and takes the order's lock, held until the current transaction ends. Taken before any product row, by
	 * both paths, so the lock order is always order first, then products by id: no deadlock.
	 */
	void lock(UUID orderId) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"an order lock is only held by a transaction");
		// Two orders whose ids hash alike merely wait for each other: harmless.
		this.jdbc.sql("select 1 from (select pg_advisory_xact_lock(:namespace, :key)) locked")
			.param("namespace", ORDER_NAMESPACE)
			.param("key", orderId.hashCode())
			.query(Integer.class)
			.single();
	}

}
