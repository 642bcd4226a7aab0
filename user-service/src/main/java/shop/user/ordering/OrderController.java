package shop.user.ordering;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Where shoppers place orders. Reading them is order-service's business ({@code GET /api/orders/{id}}). */
@RestController
@Tag(name = "Orders", description = "Placing orders (reading them is order-service's)")
class OrderController {

	/** Tells a client that this answer repeats an earlier one for the same idempotency key. */
	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final OrderPlacement placement;

	private final ProductCheck productCheck;

	OrderController(OrderPlacement placement, ProductCheck productCheck) {
		this.placement = placement;
		this.productCheck = productCheck;
	}

	@PostMapping("/api/orders")
	@Operation(summary = "Place an order",
			description = "1 to 50 distinct products, 1 to 1000 of each. Answers at once with PENDING; the order becomes "
					+ "CONFIRMED or REJECTED when the stock is reserved (GET /api/orders/{id}). The same Idempotency-Key "
					+ "with the same items answers the same order and places nothing new.")
	@ApiResponse(responseCode = "202", description = "Accepted: PENDING, Location names the order; "
			+ "Idempotent-Replayed says whether it was placed before")
	@ApiResponse(responseCode = "422", description = "Refused, nothing ordered: an unknown product or a line beyond the "
			+ "stock (when product-service answers in time), more than the purchase limit of one product, or an "
			+ "Idempotency-Key used before for other items; `errors` names each line")
	ResponseEntity<OrderAccepted> place(@AuthenticationPrincipal Jwt jwt,
			@Parameter(description = "Any 1 to 100 printable ASCII characters, chosen by the client per order")
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		IdempotencyKey key = IdempotencyKey.ofHeader(idempotencyKey);
		UUID userId = UUID.fromString(jwt.getSubject());
		List<OrderLine> lines = request.items().stream().map(OrderLine::of).toList();
		// Outside the placement's transaction: no database connection is held while product-service answers.
		this.productCheck.requireServable(userId, key, lines);
		PlacedOrder order = this.placement.place(userId, key, lines);
		return ResponseEntity.accepted()
			.location(URI.create("/api/orders/" + order.orderId()))
			.header(REPLAYED_HEADER, Boolean.toString(order.replayed()))
			.body(OrderAccepted.pending(order.orderId()));
	}

}
