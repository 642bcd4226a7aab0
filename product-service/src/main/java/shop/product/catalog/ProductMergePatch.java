package shop.product.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

/**
 * A JSON merge patch (RFC 7396) of a product: a property that is absent stays as it is, a property that is present
 * replaces the value, {@code null} removes it (only the description may be removed). The id, SKU and currency never
 * change, and a property the API does not know is refused rather than ignored, so a typo cannot look like success.
 * Values are checked for their JSON type here and for the catalog's rules once applied.
 */
final class ProductMergePatch {

	private final List<UnaryOperator<ProductRevision>> changes;

	private ProductMergePatch(List<UnaryOperator<ProductRevision>> changes) {
		this.changes = changes;
	}

	static ProductMergePatch parse(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidProductChange("The body must be a JSON object (a JSON merge patch)", List.of());
		}
		List<UnaryOperator<ProductRevision>> changes = new ArrayList<>();
		List<FieldViolation> violations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : body.properties()) {
			String field = property.getKey();
			JsonNode value = property.getValue();
			switch (field) {
				case "name" -> {
					if (value.isNull() || value.isString()) {
						String name = value.isNull() ? null : value.stringValue();
						changes.add((revision) -> revision.withName(name));
					}
					else {
						violations.add(new FieldViolation(field, "must be a string"));
					}
				}
				case "description" -> {
					if (value.isNull() || value.isString()) {
						String description = value.isNull() ? null : value.stringValue();
						changes.add((revision) -> revision.withDescription(description));
					}
					else {
						violations.add(new FieldViolation(field, "must be a string or null"));
					}
				}
				case "price" -> {
					if (value.isNull() || value.isNumber()) {
						BigDecimal price = value.isNull() ? null : value.decimalValue();
						changes.add((revision) -> revision.withPrice(price));
					}
					else {
						violations.add(new FieldViolation(field, "must be a number"));
					}
				}
				case "stock" -> {
					if (value.isNull() || (value.isIntegralNumber() && value.canConvertToInt())) {
						Integer stock = value.isNull() ? null : value.intValue();
						changes.add((revision) -> revision.withStock(stock));
					}
					else {
						violations.add(new FieldViolation(field, "must be a whole number"));
					}
				}
				case "id", "sku", "currency" -> violations.add(new FieldViolation(field, "cannot be changed"));
				default -> violations.add(new FieldViolation(field, "is not a field of a product"));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidProductChange("The patch has fields that cannot be applied", violations);
		}
		return new ProductMergePatch(List.copyOf(changes));
	}

	ProductRevision applyTo(ProductRevision current) {
		ProductRevision revision = current;
		for (UnaryOperator<ProductRevision> change : this.changes) {
			revision = change.apply(revision);
		}
		return revision;
	}

}
