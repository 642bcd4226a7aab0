package shop.order.orders;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Serializes the transactions that touch one order. The placement and the stock outcome of an order arrive on two
 * topics, read by different consumers, and the shopper may cancel over HTTP meanwhile, so they can run at the same
 * time: without the lock, each could miss the other's uncommitted write (the outcome parked while the order is being
 * created) and leave the order PENDING, or fail a cancellation on a stale version.
 */
@Component
public class OrderLocks {

	// First key of the two-key form: a namespace, so these locks never collide with other advisory locks in this
	// database (the two-key and one-key spaces do not overlap; Flyway uses the one-key form).
	private static final int ORDER_NAMESPACE = 0x0_0dE2;

	private final JdbcClient jdbc;

	OrderLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Waits for and takes the order's lock, held until the current transaction ends. */
	public void lock(UUID orderId) {
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
