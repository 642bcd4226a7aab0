package shop.order.orders;

/**
 * Where an order stands. PENDING until the stock outcome arrives; REJECTED and CANCELLED are final; a PENDING or
 * CONFIRMED order can still be CANCELLED by its owner.
 */
public enum OrderStatus {

	PENDING, CONFIRMED, REJECTED, CANCELLED

}
