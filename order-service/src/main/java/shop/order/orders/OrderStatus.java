package shop.order.orders;

/** Where an order stands. PENDING until the stock outcome arrives; CONFIRMED and REJECTED are final. */
public enum OrderStatus {

	PENDING, CONFIRMED, REJECTED

}
