package shop.order.orders;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Stores {@link Order} aggregates: {@code save} for a new order, {@link #saveTransition} for a status change.
 */
public interface OrderRepository extends ListCrudRepository<Order, UUID>, OrderTransitions {

	/** A shopper's orders, one page. */
	Page<Order> findByUserId(UUID userId, Pageable pageable);

	/** An order, only when it belongs to the given shopper. */
	Optional<Order> findByIdAndUserId(UUID id, UUID userId);

}
