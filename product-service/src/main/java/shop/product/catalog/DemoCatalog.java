package shop.product.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import shop.product.ProductProperties;

/**
 * Fills an empty catalog with demo products at start-up when {@code shop.catalog.seed-demo} is on (the local
 * launcher turns it on; it is off by default so that no real deployment gets made-up products).
 */
@Component
class DemoCatalog implements ApplicationRunner {

	static final String RESOURCE = "catalog/demo-products.json";

	private static final Logger logger = LoggerFactory.getLogger(DemoCatalog.class);

	private final ProductProperties properties;

	private final JsonMapper jsonMapper;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Validator validator;

	DemoCatalog(ProductProperties properties, JsonMapper jsonMapper, JdbcClient jdbc, TransactionTemplate transaction,
			Validator validator) {
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.validator = validator;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.properties.catalog().seedDemo()) {
			int inserted = this.transaction.execute((status) -> seedIfEmpty());
			logger.info("Demo catalog: {} products inserted", inserted);
		}
	}

	/** Inserts the demo products when there are no products at all; returns how many it inserted. */
	int seedIfEmpty() {
		if (this.jdbc.sql("select exists(select 1 from products)").query(Boolean.class).single()) {
			return 0;
		}
		Instant now = Instant.now();
		int inserted = 0;
		for (NewProduct demo : demoProducts()) {
			Product product = Product.create(demo, now);
			// ON CONFLICT: a second instance starting at the same moment may have inserted the same SKU.
			inserted += this.jdbc.sql("""
					insert into products (id, sku, name, description, price, currency, stock, version, created_at,
					                      updated_at)
					values (:id, :sku, :name, :description, :price, :currency, :stock, 0, :createdAt, :updatedAt)
					on conflict ((lower(sku))) do nothing""")
				.param("id", product.getId())
				.param("sku", product.getSku())
				.param("name", product.getName())
				.param("description", product.getDescription())
				.param("price", product.getPrice())
				.param("currency", product.getCurrency())
				.param("stock", product.getStock())
				.param("createdAt", Timestamp.from(product.getCreatedAt()))
				.param("updatedAt", Timestamp.from(product.getUpdatedAt()))
				.update();
		}
		return inserted;
	}

	/** The demo products of {@value #RESOURCE}, each checked against the catalog's rules. */
	List<NewProduct> demoProducts() {
		Resource resource = new ClassPathResource(RESOURCE);
		try (InputStream in = resource.getInputStream()) {
			List<NewProduct> products = List.of(this.jsonMapper.readValue(in, NewProduct[].class));
			for (NewProduct product : products) {
				Set<ConstraintViolation<NewProduct>> violations = this.validator.validate(product);
				if (!violations.isEmpty()) {
					throw new IllegalStateException("Invalid demo product " + product.sku() + ": " + violations);
				}
			}
			return products;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
