package shop.product.catalog;

import java.util.List;

/** A change to a product was refused; each violation names the request field at fault. */
class InvalidProductChange extends RuntimeException {

	private final List<FieldViolation> violations;

	InvalidProductChange(String detail, List<FieldViolation> violations) {
		super(detail);
		this.violations = List.copyOf(violations);
	}

	List<FieldViolation> violations() {
		return this.violations;
	}

}
