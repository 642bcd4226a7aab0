package shop.product.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The catalog's use cases: browse, add and revise products. */
@Service
class ProductCatalog {

	/** The case-insensitive unique index on the SKU (see V1__catalog_and_stock.sql). */
	static final String SKU_INDEX = "products_sku_unique";

	private final ProductRepository products;

	private final CatalogQueries queries;

	private final Validator validator;

	ProductCatalog(ProductRepository products, CatalogQueries queries, Validator validator) {
		this.products = products;
		this.queries = queries;
		this.validator = validator;
	}

	@Transactional(readOnly = true)
	Page<ProductView> search(String query, Pageable pageable) {
		return this.queries.search(query, pageable);
	}

	@Transactional(readOnly = true)
	List<Availability> availability(List<UUID> ids) {
		return this.queries.availability(ids);
	}

	@Transactional(readOnly = true)
	ProductView get(UUID id) {
		return this.products.findById(id).map(ProductView::of).orElseThrow(() -> new ProductNotFound(id));
	}

	/** Adds a validated product, refusing a SKU that exists in any letter case. */
	@Transactional
	ProductView add(NewProduct newProduct) {
		if (this.products.existsBySkuIgnoreCase(newProduct.sku().strip())) {
			throw new DuplicateSku(newProduct.sku().strip());
		}
		try {
			return ProductView.of(this.products.save(Product.create(newProduct, Instant.now())));
		}
		catch (DuplicateKeyException ex) {
			// Two administrators added the same SKU at once: the check above passed for both, the index did not.
			if (String.valueOf(ex.getMostSpecificCause().getMessage()).contains(SKU_INDEX)) {
				throw new DuplicateSku(newProduct.sku().strip());
			}
			throw ex;
		}
	}

	/**
	 * Applies {@code change} to what an administrator may edit of a product, validates the result as a whole and
	 * stores it. The product row stays locked meanwhile, so a concurrent stock reservation is not overwritten.
	 */
	@Transactional
	ProductView revise(UUID id, UnaryOperator<ProductRevision> change) {
		Product product = this.products.findLockedById(id).orElseThrow(() -> new ProductNotFound(id));
		ProductRevision revision = change.apply(product.revision());
		List<FieldViolation> violations = this.validator.validate(revision)
			.stream()
			.sorted(Comparator.comparing((ConstraintViolation<ProductRevision> v) -> v.getPropertyPath().toString())
				.thenComparing(ConstraintViolation::getMessage))
			.map((v) -> new FieldViolation(v.getPropertyPath().toString(), v.getMessage()))
			.toList();
		if (!violations.isEmpty()) {
			throw new InvalidProductChange("The product would break the catalog's rules", violations);
		}
		product.revise(revision, Instant.now());
		return ProductView.of(this.products.save(product));
	}

}
