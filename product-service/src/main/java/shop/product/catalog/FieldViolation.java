package shop.product.catalog;

/**
 * One field of a request and what is wrong with it, in the shape the chassis uses for validation errors.
 *
 * @param field the JSON property name
 * @param message what is wrong with it
 */
record FieldViolation(String field, String message) {
}
