package shop.product.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product of the catalog and the units of it in stock. Its id and SKU never change; the stock is decremented by
 * reservations (see {@code shop.product.stock}) and set by an administrator.
 */
@Table("products")
class Product {

	@Id
	private final UUID id;

	private final String sku;

	private String name;

	private String description;

	private BigDecimal price;

	private final String currency;

	private int stock;

	/** Null until the first insert, which is how Spring Data JDBC tells a new product from a stored one. */
	@Version
	private Long version;

	private final Instant createdAt;

	private Instant updatedAt;

	@PersistenceCreator
	Product(UUID id, String sku, String name, String description, BigDecimal price, String currency, int stock,
			Long version, Instant createdAt, Instant updatedAt) {
		this.id = id;
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.price = price;
		this.currency = currency;
		this.stock = stock;
		this.version = version;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
	}

	/** A new product with a random id; the values were validated as a {@link NewProduct}. */
	static Product create(NewProduct product, Instant now) {
		return new Product(UUID.randomUUID(), product.sku().strip(), product.name().strip(), product.description(),
				Money.amount(product.price()), product.currency(), product.stock(), null, now, now);
	}

	/** The values an administrator may change, as they are now. */
	ProductRevision revision() {
		return new ProductRevision(this.name, this.description, this.price, this.stock);
	}

	/** Applies a validated revision; the id, SKU and currency stay. */
	void revise(ProductRevision revision, Instant now) {
		this.name = revision.name().strip();
		this.description = revision.description();
		this.price = Money.amount(revision.price());
		this.stock = revision.stock();
		this.updatedAt = now;
	}

	UUID getId() {
		return this.id;
	}

	String getSku() {
		return this.sku;
	}

	String getName() {
		return this.name;
	}

	String getDescription() {
		return this.description;
	}

	BigDecimal getPrice() {
		return this.price;
	}

	String getCurrency() {
		return this.currency;
	}

	int getStock() {
		return this.stock;
	}

	Long getVersion() {
		return this.version;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
