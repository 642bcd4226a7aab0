package shop.user.ordering;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Where shoppers place orders. Reading them is order-service's business ({@code GET /api/orders/{id}}). */
@RestController
class OrderController {

	/** Tells a client that this answer repeats an earlier one for the same idempotency key. */
	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final OrderPlacement placement;

	OrderController(OrderPlacement placement) {
		this.placement = placement;
	}

	@PostMapping("/api/orders")
	ResponseEntity<OrderAccepted> place(@AuthenticationPrincipal Jwt jwt,
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		IdempotencyKey key = IdempotencyKey.ofHeader(idempotencyKey);
		PlacedOrder order = this.placement.place(UUID.fromString(jwt.getSubject()), key,
				request.items().stream().map(OrderLine::of).toList());
		return ResponseEntity.accepted()
			.location(URI.create("/api/orders/" + order.orderId()))
			.header(REPLAYED_HEADER, Boolean.toString(order.replayed()))
			.body(OrderAccepted.pending(order.orderId()));
	}

}
