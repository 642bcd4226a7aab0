package shop.events;

/** Kafka topic names. Every record on these topics is keyed by the order id, so one order's events stay in order. */
public final class Topics {

	/** {@link UserPlacedOrder}: published by user-service, consumed by order-service and product-service. */
	public static final String ORDERS_PLACED = "shop.orders.placed";

	/**
	 * {@link OrderCancelled}: published by order-service, consumed by product-service. A topic of its own (not
	 * {@link #ORDERS_PLACED}) because a different service publishes it: each topic has one producer.
	 */
	public static final String ORDERS_CANCELLED = "shop.orders.cancelled";

	/**
	 * {@link StockReserved}, {@link StockRejected} and {@link StockReleased}: published by product-service, consumed
	 * by order-service.
	 */
	public static final String STOCK_OUTCOMES = "shop.stock.outcomes";

	/**
	 * Where a consumer group parks records it cannot process. One dead-letter topic per topic and group, so that an
	 * operator can tell which consumer gave up on a record.
	 */
	public static String deadLetter(String topic, String consumerGroup) {
		return topic + "." + consumerGroup + ".dlt";
	}

	private Topics() {
	}

}
