package shop.user.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Refuses obviously bad orders before they are accepted: unknown products and lines beyond the stock, as
 * product-service sees them right now. The check is an early answer, not the decision: product-service still reserves
 * (or rejects) every accepted order through the event flow. So when product-service is slow, down or its breaker is
 * open, the order is accepted unchecked rather than refused.
 */
@Service
class ProductCheck {

	private static final Logger logger = LoggerFactory.getLogger(ProductCheck.class);

	private final ProductClient products;

	private final OrderRequests requests;

	private final boolean enabled;

	ProductCheck(ProductClient products, OrderRequests requests, ProductCheckProperties properties) {
		this.products = products;
		this.requests = requests;
		this.enabled = properties.enabled();
	}

	/**
	 * Checks an order about to be placed. A request repeating an idempotency key is not checked: it gets the answer
	 * the key got the first time, whatever the stock is now.
	 * @throws OrderRefused when product-service answered and some lines cannot be served
	 */
	void requireServable(UUID userId, IdempotencyKey key, List<OrderLine> lines) {
		if (!this.enabled || (key != null && this.requests.find(userId, key).isPresent())) {
			return;
		}
		Map<UUID, Integer> stock;
		try {
			stock = this.products.stock(lines.stream().map(OrderLine::productId).toList()).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (ExecutionException | RuntimeException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			logger.warn("Accepting an order unchecked: product-service did not answer the availability check ({})",
					String.valueOf(cause));
			return;
		}
		List<OrderRefused.Line> refused = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			OrderLine line = lines.get(i);
			Integer available = stock.get(line.productId());
			if (available == null) {
				refused.add(new OrderRefused.Line("items[" + i + "].productId", "no such product"));
			}
			else if (available < line.quantity()) {
				refused.add(new OrderRefused.Line("items[" + i + "].quantity",
						"only " + available + " in stock"));
			}
		}
		if (!refused.isEmpty()) {
			throw new OrderRefused(refused);
		}
	}

}
