package shop.order.orders;

/**
 * Stores a status transition of an order that is stored already, as the few rows the transition changes.
 * <p>
 * {@code save} of Spring Data JDBC writes the whole aggregate: it updates the order row, then deletes every line and
 * inserts them all again, on every status change. A transition changes the order row, the prices of the lines when
 * it confirms the order, and adds a history entry; nothing else. The rules stay on {@link Order}: this only writes
 * what they decided.
 */
public interface OrderTransitions {

	/**
	 * Writes the order's new status (with its total, currency, rejection reason and time), the prices of its lines
	 * when it was confirmed, and bumps its version; like {@code save}, publishes the order's events after the write
	 * (Spring Data publishes the aggregate's events for every repository method named {@code save…}), so its
	 * history entries are written in the same transaction.
	 * @param order an order loaded from the repository and changed by one of its transitions
	 * @return the same order, at its new version
	 * @throws org.springframework.dao.OptimisticLockingFailureException when the stored order is not at the version
	 * the given one was loaded at (another transaction changed it meanwhile)
	 */
	Order saveTransition(Order order);

}
