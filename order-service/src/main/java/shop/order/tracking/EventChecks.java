package shop.order.tracking;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import shop.chassis.kafka.InvalidEvent;
import shop.events.StockRejected;
import shop.events.StockReleased;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;

/**
 * What the event reader cannot see: the meaning of the content. A record that fails a check can never be applied,
 * so it is refused with {@link InvalidEvent} and dead-lettered rather than retried.
 */
final class EventChecks {

	// Room in the rejection_reason column; new reason codes are accepted, endless text is not.
	static final int MAX_REASON_LENGTH = 64;

	private EventChecks() {
	}

	static UserPlacedOrder check(UserPlacedOrder placed) {
		require(!placed.items().isEmpty(), "an order has at least one line");
		Set<UUID> products = new HashSet<>();
		for (UserPlacedOrder.Line line : placed.items()) {
			require(line != null && line.productId() != null, "a line without a productId");
			require(line.quantity() >= 1, "quantity " + line.quantity() + " is below 1");
			require(products.add(line.productId()), "product " + line.productId() + " is on two lines");
		}
		return placed;
	}

	static StockReserved check(StockReserved reserved) {
		require(!reserved.items().isEmpty(), "a reservation has at least one line");
		Set<UUID> products = new HashSet<>();
		BigDecimal sum = BigDecimal.ZERO;
		for (StockReserved.Line line : reserved.items()) {
			require(line != null && line.productId() != null, "a line without a productId");
			require(line.quantity() >= 1, "quantity " + line.quantity() + " is below 1");
			require(products.add(line.productId()), "product " + line.productId() + " is on two lines");
			require(isMoney(line.unitPrice()), "unitPrice " + line.unitPrice() + " is not an amount of money");
			sum = sum.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
		}
		require(isMoney(reserved.total()), "total " + reserved.total() + " is not an amount of money");
		require(sum.compareTo(reserved.total()) == 0,
				"total " + reserved.total() + " is not the sum of the lines " + sum);
		require(isCurrency(reserved.currency()), "currency " + reserved.currency() + " is not an ISO 4217 code");
		return reserved;
	}

	static StockRejected check(StockRejected rejected) {
		require(!rejected.reason().isBlank(), "a rejection without a reason");
		require(rejected.reason().length() <= MAX_REASON_LENGTH,
				"reason longer than " + MAX_REASON_LENGTH + " characters");
		return rejected;
	}

	static StockReleased check(StockReleased released) {
		require(!released.items().isEmpty(), "a release has at least one line");
		for (StockReleased.Line line : released.items()) {
			require(line.quantity() >= 1, "quantity " + line.quantity() + " is below 1");
		}
		return released;
	}

	private static boolean isMoney(BigDecimal amount) {
		return amount != null && amount.signum() >= 0 && amount.stripTrailingZeros().scale() <= 2;
	}

	private static boolean isCurrency(String code) {
		if (code == null || !code.matches("[A-Z]{3}")) {
			return false;
		}
		try {
			Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void require(boolean condition, String problem) {
		if (!condition) {
			throw new InvalidEvent(problem);
		}
	}

}
