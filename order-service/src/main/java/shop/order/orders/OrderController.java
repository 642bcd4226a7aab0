package shop.order.orders;

import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own orders. The owner is the token's subject; other shoppers' orders do not exist for the caller. */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "Your orders, their status and history, and cancellation")
class OrderController {

	// Newest first whatever the client asks; the id breaks ties so pages never overlap.
	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

	private final OrderRepository orders;

	private final StatusHistory history;

	private final OrderCancellation cancellation;

	OrderController(OrderRepository orders, StatusHistory history, OrderCancellation cancellation) {
		this.orders = orders;
		this.history = history;
		this.cancellation = cancellation;
	}

	@GetMapping
	@Operation(summary = "Your orders, newest first", description = "Always newest first: `sort` is ignored.")
	Page<OrderView> list(@AuthenticationPrincipal Jwt jwt, @ParameterObject Pageable pageable) {
		PageRequest newestFirst = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), NEWEST_FIRST);
		return owner(jwt).map((userId) -> this.orders.findByUserId(userId, newestFirst))
			.orElseGet(() -> Page.empty(newestFirst))
			.map(OrderView::of);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of your orders, with its status history")
	@ApiResponse(responseCode = "200", description = "The order")
	@ApiResponse(responseCode = "404", description = "No such order, or not yours")
	OrderView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return owner(jwt).flatMap((userId) -> this.orders.findByIdAndUserId(id, userId))
			.map((order) -> OrderView.of(order, this.history.of(order.getId())))
			.orElseThrow(() -> new OrderNotFound(id));
	}

	/** Cancels a PENDING or CONFIRMED order; its stock goes back through events. 409 when there is nothing to cancel. */
	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel your order",
			description = "A PENDING or CONFIRMED order becomes CANCELLED; the stock it reserved goes back to the "
					+ "products through events, exactly once.")
	@ApiResponse(responseCode = "200", description = "The order, now CANCELLED")
	@ApiResponse(responseCode = "404", description = "No such order, or not yours")
	@ApiResponse(responseCode = "409", description = "The order is REJECTED or CANCELLED already")
	OrderView cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		UUID userId = owner(jwt).orElseThrow(() -> new OrderNotFound(id));
		Order cancelled = this.cancellation.cancel(id, userId);
		return OrderView.of(cancelled, this.history.of(id));
	}

	// user-service issues UUID subjects; a token with any other subject owns no order.
	private static Optional<UUID> owner(Jwt jwt) {
		String subject = jwt.getSubject();
		if (subject == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(subject));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
