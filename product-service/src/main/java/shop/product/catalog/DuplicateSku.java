package shop.product.catalog;

/** A product with this SKU exists already, in some letter case. */
class DuplicateSku extends RuntimeException {

	private final String sku;

	DuplicateSku(String sku) {
		super("A product with SKU " + sku + " exists already");
		this.sku = sku;
	}

	String sku() {
		return this.sku;
	}

}
