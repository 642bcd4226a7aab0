package shop.product.catalog;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A product as the API shows it.
 *
 * @param id the product id
 * @param sku stock keeping unit
 * @param name display name
 * @param description optional longer text, null when there is none
 * @param price unit price, two decimals
 * @param currency ISO 4217 code of the price
 * @param stock units in stock
 */
record ProductView(UUID id, String sku, String name, String description, BigDecimal price, String currency,
		int stock) {

	static ProductView of(Product product) {
		return new ProductView(product.getId(), product.getSku(), product.getName(), product.getDescription(),
				product.getPrice(), product.getCurrency(), product.getStock());
	}

}
