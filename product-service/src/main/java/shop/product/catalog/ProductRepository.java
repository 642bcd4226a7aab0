package shop.product.catalog;

import java.util.Optional;
import java.util.UUID;

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

	boolean existsBySkuIgnoreCase(String sku);

}
