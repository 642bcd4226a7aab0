package shop.order.orders;

import java.util.UUID;

/** No order with this id belongs to the caller (whether it exists for somebody else is not revealed). */
class OrderNotFound extends RuntimeException {

	OrderNotFound(UUID id) {
		super("No order " + id);
	}

}
