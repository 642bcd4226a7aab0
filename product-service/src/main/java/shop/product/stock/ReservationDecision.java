package shop.product.stock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import shop.events.StockRejected;
import shop.events.UserPlacedOrder;

/**
 * Whether an order's stock can be reserved, decided all-or-nothing from the stock levels of its products: either
 * every line is served, or none is. Pure: the caller reads the levels under lock and applies the outcome.
 */
sealed interface ReservationDecision {

	/**
	 * Decides for the lines of an order.
	 * <p>
	 * Unknown products are reported first (nothing else can be said about them), then lines short of stock, then
	 * prices in more than one currency (no single total exists).
	 * @param lines the order lines, distinct products, each quantity at least 1
	 * @param levels the stock level of each known product, by product id
	 */
	static ReservationDecision decide(List<UserPlacedOrder.Line> lines, Map<UUID, StockLevel> levels) {
		List<StockRejected.Line> unknown = lines.stream()
			.filter((line) -> !levels.containsKey(line.productId()))
			.map((line) -> new StockRejected.Line(line.productId(), line.quantity(), 0))
			.toList();
		if (!unknown.isEmpty()) {
			return new Reject(StockRejected.Reasons.UNKNOWN_PRODUCT, unknown);
		}
		List<StockRejected.Line> shortOfStock = lines.stream()
			.filter((line) -> levels.get(line.productId()).available() < line.quantity())
			.map((line) -> shortLine(line, levels))
			.toList();
		if (!shortOfStock.isEmpty()) {
			return new Reject(StockRejected.Reasons.INSUFFICIENT_STOCK, shortOfStock);
		}
		if (lines.stream().map((line) -> levels.get(line.productId()).currency()).distinct().count() > 1) {
			return new Reject(StockRejected.Reasons.CURRENCY_MISMATCH,
					lines.stream().map((line) -> shortLine(line, levels)).toList());
		}
		List<Reserve.Line> reserved = lines.stream()
			.map((line) -> new Reserve.Line(line.productId(), line.quantity(),
					levels.get(line.productId()).price()))
			.toList();
		BigDecimal total = reserved.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(2, RoundingMode.HALF_UP);
		return new Reserve(reserved, total, levels.get(lines.get(0).productId()).currency());
	}

	private static StockRejected.Line shortLine(UserPlacedOrder.Line line, Map<UUID, StockLevel> levels) {
		return new StockRejected.Line(line.productId(), line.quantity(), levels.get(line.productId()).available());
	}

	/**
	 * Every line can be served: take the units at these prices.
	 *
	 * @param lines the lines with their unit price
	 * @param total sum of quantity × unit price, two decimals
	 * @param currency the one currency of all prices
	 */
	record Reserve(List<Line> lines, BigDecimal total, String currency) implements ReservationDecision {

		/** A line to reserve. */
		record Line(UUID productId, int quantity, BigDecimal unitPrice) {
		}

	}

	/**
	 * The order cannot be served; nothing changes.
	 *
	 * @param reason one of {@link StockRejected.Reasons}
	 * @param lines the lines at fault, with what was asked and what is available
	 */
	record Reject(String reason, List<StockRejected.Line> lines) implements ReservationDecision {
	}

}
