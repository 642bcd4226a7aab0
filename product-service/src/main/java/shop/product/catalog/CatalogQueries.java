package shop.product.catalog;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side of the catalog: pages of products, sorted by name, optionally filtered by a search text. */
@Component
class CatalogQueries {

	private static final String COLUMNS = "select id, sku, name, description, price, currency, stock from products";

	// strpos instead of LIKE, so that % and _ typed by a shopper are searched for literally.
	private static final String MATCHES = " where strpos(lower(name), :q) > 0 or strpos(lower(sku), :q) > 0"
			+ " or strpos(lower(coalesce(description, '')), :q) > 0";

	private final JdbcClient jdbc;

	CatalogQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One page of products whose name, SKU or description contains {@code query} regardless of case. */
	Page<ProductView> search(String query, Pageable pageable) {
		String q = (query != null && !query.isBlank()) ? query.strip().toLowerCase(Locale.ROOT) : null;
		String where = (q != null) ? MATCHES : "";
		List<ProductView> content = this.jdbc
			.sql(COLUMNS + where + " order by name, id limit :limit offset :offset")
			.paramSource(new Params(q, pageable.getPageSize(), pageable.getOffset()))
			.query(ProductView.class)
			.list();
		return PageableExecutionUtils.getPage(content, pageable,
				() -> this.jdbc.sql("select count(*) from products" + where)
					.paramSource(new Params(q, 0, 0))
					.query(Long.class)
					.single());
	}

	/** Stock of those of the given products that exist, in no particular order. */
	List<Availability> availability(List<UUID> ids) {
		return this.jdbc.sql("select id, stock from products where id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query(Availability.class)
			.list();
	}

	/** Bind parameters of {@link #search}; a record so that JdbcClient binds its components by name. */
	record Params(String q, int limit, long offset) {
	}

}
