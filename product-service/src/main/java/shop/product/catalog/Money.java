package shop.product.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts of money as the shop stores and sends them: two decimals. */
final class Money {

	static final int SCALE = 2;

	private Money() {
	}

	/** The amount with exactly two decimals; validation has already refused amounts with more. */
	static BigDecimal amount(BigDecimal value) {
		return value.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

}
