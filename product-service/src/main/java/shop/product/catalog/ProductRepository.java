package shop.product.catalog;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

/** Products by id. Listing and search are in {@link CatalogQueries}. */
interface ProductRepository extends ListCrudRepository<Product, UUID> {

	/**
	 * The product, locked until the transaction ends, so that an administrator's change and a concurrent stock
	 * reservation are applied one after the other instead of one overwriting the other.
	 */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<Product> findLockedById(UUID id);

	/** Whether the SKU is taken in any letter case; the same expression as the unique index, so it can use it. */
	@Query("select exists(select 1 from products where lower(sku) = lower(:sku))")
	boolean existsBySkuIgnoreCase(String sku);

}
