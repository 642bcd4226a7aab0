package shop.user.ordering;

import java.util.UUID;

/**
 * A validated order line.
 *
 * @param productId the product
 * @param quantity 1 to 1000
 */
record OrderLine(UUID productId, int quantity) {

	static OrderLine of(PlaceOrderRequest.Item item) {
		return new OrderLine(UUID.fromString(item.productId()), item.quantity());
	}

}
