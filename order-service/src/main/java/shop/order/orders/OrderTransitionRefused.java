package shop.order.orders;

import java.util.UUID;

/** An outcome that contradicts what the order already is or holds; the order is left unchanged. */
public class OrderTransitionRefused extends RuntimeException {

	OrderTransitionRefused(UUID orderId, String why) {
		super("Order " + orderId + ": " + why);
	}

}
