package shop.order.orders;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;

/** Stores {@link Order} aggregates. */
public interface OrderRepository extends ListCrudRepository<Order, UUID> {

	/** A shopper's orders, one page. */
	Page<Order> findByUserId(UUID userId, Pageable pageable);

	/** An order, only when it belongs to the given shopper. */
	Optional<Order> findByIdAndUserId(UUID id, UUID userId);

}
