package shop.product.catalog;

import java.util.UUID;

/** No product has this id. */
class ProductNotFound extends RuntimeException {

	private final UUID id;

	ProductNotFound(UUID id) {
		super("No product " + id);
		this.id = id;
	}

	UUID id() {
		return this.id;
	}

}
