package shop.product.stock;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What a reservation needs to know of a product, read under a row lock.
 *
 * @param productId the product
 * @param available units in stock
 * @param price unit price, two decimals
 * @param currency ISO 4217 code of the price
 */
record StockLevel(UUID productId, int available, BigDecimal price, String currency) {
}
