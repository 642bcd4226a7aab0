package shop.product.catalog;

import java.util.UUID;

/**
 * How many units of a product are in stock right now (a reservation may take them a moment later).
 *
 * @param id the product id
 * @param stock units in stock
 */
record Availability(UUID id, int stock) {
}
