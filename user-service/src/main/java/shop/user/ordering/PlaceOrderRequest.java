package shop.user.ordering;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An order as a shopper sends it. There is no user id here: the shopper is the token's subject.
 *
 * @param items 1 to 50 lines, each product at most once
 */
record PlaceOrderRequest(@NotNull @Size(min = 1, max = 50) @DistinctProducts List<@NotNull @Valid Item> items) {

	/**
	 * One line.
	 *
	 * @param productId the product's id (a UUID, kept as text so a malformed one gets a field message)
	 * @param quantity 1 to 1000 units
	 */
	record Item(@NotNull @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String productId,
			@NotNull @Min(1) @Max(1000) Integer quantity) {

	}

	static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

}
