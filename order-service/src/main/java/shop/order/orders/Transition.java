package shop.order.orders;

/** What a status transition asked of an {@link Order} did. A contradicting one is refused with an exception. */
public enum Transition {

	/** The order moved to the asked status. */
	APPLIED,

	/** The order already had the asked status: nothing changed (a duplicate outcome). */
	ALREADY_DONE,

	/**
	 * The order was cancelled before the stock outcome arrived: nothing changed. Not an error: product-service
	 * received the cancellation too and gives back whatever the outcome reserved.
	 */
	CANCELLED_BEFORE

}
