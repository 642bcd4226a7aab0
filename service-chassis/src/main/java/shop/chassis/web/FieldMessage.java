package shop.chassis.web;

/**
 * One field-level validation message in a problem+json body's {@code errors} list.
 *
 * @param field the request field as the client sent it, e.g. {@code items[0].quantity}
 * @param message what is wrong with it
 */
public record FieldMessage(String field, String message) {
}
