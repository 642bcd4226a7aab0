package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.util.Assert;

/**
 * An order as order-service knows it: placed by a shopper, then confirmed or rejected by the stock outcome, and
 * possibly cancelled by its owner. The transitions are PENDING to CONFIRMED or REJECTED, and PENDING or CONFIRMED to
 * CANCELLED; asking for the status an order already has changes nothing, a stock outcome for a cancelled order is
 * ignored (the stock side releases it), anything else is refused. Every status taken is raised as an
 * {@link OrderStatusChanged}.
 */
@Table("orders")
public class Order extends AbstractAggregateRoot<Order> {

	/** The reason of the history entry that records a cancelled order's stock going back. */
	public static final String STOCK_RELEASED = "STOCK_RELEASED";

	@Id
	private final UUID id;

	private final UUID userId;

	private OrderStatus status;

	@MappedCollection(idColumn = "order_id", keyColumn = "line_no")
	private List<OrderItem> items;

	private BigDecimal total;

	private String currency;

	private String rejectionReason;

	private final Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	@PersistenceCreator
	Order(UUID id, UUID userId, OrderStatus status, List<OrderItem> items, BigDecimal total, String currency,
			String rejectionReason, Instant createdAt, Instant updatedAt, Long version) {
		this.id = id;
		this.userId = userId;
		this.status = status;
		this.items = List.copyOf(items);
		this.total = total;
		this.currency = currency;
		this.rejectionReason = rejectionReason;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.version = version;
	}

	/**
	 * A new PENDING order.
	 * @param id the order id chosen by the service that accepted the order
	 * @param userId the shopper
	 * @param items at least one line, one per product, each with a quantity of at least one
	 * @param placedAt when the shopper placed it: the order's creation time
	 * @param now when this service records it
	 */
	public static Order place(UUID id, UUID userId, List<OrderItem> items, Instant placedAt, Instant now) {
		Assert.notNull(id, "id is required");
		Assert.notNull(userId, "userId is required");
		Assert.notEmpty(items, "an order has at least one line");
		Set<UUID> products = new HashSet<>();
		for (OrderItem item : items) {
			Assert.notNull(item.productId(), "productId is required");
			Assert.isTrue(item.quantity() >= 1, "quantity must be at least 1");
			Assert.isTrue(item.unitPrice() == null, "a new order is not priced yet");
			Assert.isTrue(products.add(item.productId()), "one line per product");
		}
		Order order = new Order(id, userId, OrderStatus.PENDING, items, null, null, null, placedAt, now, null);
		order.registerEvent(new OrderStatusChanged(id, OrderStatus.PENDING, null, placedAt, now));
		return order;
	}

	/**
	 * Confirms the order with the prices of its reserved lines.
	 * @param reserved the reserved lines: the same products and quantities as the order's lines, with unit prices
	 * @param total the sum of quantity × unit price, two decimals
	 * @param currency the ISO 4217 code of the prices and the total
	 * @param at when this service applies it
	 * @return whether the order changed
	 * @throws OrderTransitionRefused when the order is rejected or the lines do not match
	 */
	public Transition confirm(List<OrderItem> reserved, BigDecimal total, String currency, Instant at) {
		if (this.status == OrderStatus.CONFIRMED) {
			return Transition.ALREADY_DONE;
		}
		if (this.status == OrderStatus.CANCELLED) {
			return Transition.CANCELLED_BEFORE;
		}
		if (this.status != OrderStatus.PENDING) {
			throw new OrderTransitionRefused(this.id, "cannot confirm an order that is " + this.status);
		}
		Map<UUID, OrderItem> byProduct = new HashMap<>();
		reserved.forEach((line) -> byProduct.put(line.productId(), line));
		boolean sameLines = byProduct.size() == reserved.size() && byProduct.size() == this.items.size()
				&& this.items.stream()
					.allMatch((line) -> byProduct.containsKey(line.productId())
							&& byProduct.get(line.productId()).quantity() == line.quantity());
		if (!sameLines) {
			throw new OrderTransitionRefused(this.id, "the reserved lines are not the ordered lines");
		}
		List<OrderItem> priced = this.items.stream()
			.map((line) -> line.priced(money(byProduct.get(line.productId()).unitPrice(), "unitPrice")))
			.toList();
		BigDecimal sum = priced.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal checkedTotal = money(total, "total");
		if (sum.compareTo(checkedTotal) != 0) {
			throw new OrderTransitionRefused(this.id, "total " + total + " is not the sum of the lines " + sum);
		}
		Assert.notNull(currency, "currency is required");
		String code = Currency.getInstance(currency).getCurrencyCode();
		this.items = priced;
		this.total = checkedTotal;
		this.currency = code;
		moveTo(OrderStatus.CONFIRMED, null, at);
		return Transition.APPLIED;
	}

	/**
	 * Rejects the order.
	 * @param reason the reason code sent with the stock outcome
	 * @param at when this service applies it
	 * @return whether the order changed
	 * @throws OrderTransitionRefused when the order is confirmed
	 */
	public Transition reject(String reason, Instant at) {
		Assert.hasText(reason, "a rejection has a reason");
		if (this.status == OrderStatus.REJECTED) {
			return Transition.ALREADY_DONE;
		}
		if (this.status == OrderStatus.CANCELLED) {
			return Transition.CANCELLED_BEFORE;
		}
		if (this.status != OrderStatus.PENDING) {
			throw new OrderTransitionRefused(this.id, "cannot reject an order that is " + this.status);
		}
		this.rejectionReason = reason;
		moveTo(OrderStatus.REJECTED, reason, at);
		return Transition.APPLIED;
	}

	/**
	 * Cancels the order at its owner's request. A PENDING order is cancelled at once, without waiting for its stock
	 * outcome: the outcome, when it comes, changes nothing here ({@link Transition#CANCELLED_BEFORE}).
	 * @param reason the cancellation reason code
	 * @param at when this service applies it
	 * @throws OrderTransitionRefused when the order is REJECTED or CANCELLED already (there is nothing to cancel)
	 */
	public void cancel(String reason, Instant at) {
		Assert.hasText(reason, "a cancellation has a reason");
		if (this.status != OrderStatus.PENDING && this.status != OrderStatus.CONFIRMED) {
			throw new OrderTransitionRefused(this.id, "cannot cancel an order that is " + this.status);
		}
		moveTo(OrderStatus.CANCELLED, reason, at);
	}

	/**
	 * Records in the history that the stock of this cancelled order went back to the products. The status stays
	 * CANCELLED.
	 * @param at when this service applies it
	 * @throws OrderTransitionRefused when the order is not cancelled: only a cancellation releases stock
	 */
	public void stockReleased(Instant at) {
		if (this.status != OrderStatus.CANCELLED) {
			throw new OrderTransitionRefused(this.id, "stock released for an order that is " + this.status);
		}
		moveTo(OrderStatus.CANCELLED, STOCK_RELEASED, at);
	}

	private void moveTo(OrderStatus next, String reason, Instant at) {
		this.status = next;
		this.updatedAt = at;
		registerEvent(new OrderStatusChanged(this.id, next, reason, this.createdAt, at));
	}

	// Money has two decimals; more significant decimals than that is a wrong amount, not one to round.
	private static BigDecimal money(BigDecimal amount, String what) {
		Assert.notNull(amount, what + " is required");
		Assert.isTrue(amount.signum() >= 0, what + " must not be negative");
		Assert.isTrue(amount.stripTrailingZeros().scale() <= 2, what + " has more than two decimals");
		return amount.setScale(2);
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getUserId() {
		return this.userId;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public List<OrderItem> getItems() {
		return this.items;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public String getCurrency() {
		return this.currency;
	}

	public String getRejectionReason() {
		return this.rejectionReason;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	Long getVersion() {
		return this.version;
	}

	/** Whether this instance was confirmed since it was loaded: its lines carry new prices to store. */
	boolean wasConfirmed() {
		return domainEvents().stream()
			.anyMatch((event) -> event instanceof OrderStatusChanged change
					&& change.status() == OrderStatus.CONFIRMED);
	}

	/** After {@link OrderTransitions} wrote this instance's transition: the stored row is one version further. */
	void transitionWritten() {
		this.version = this.version + 1;
	}

	/** The changes raised since the order was loaded, before they are published on save. */
	List<Object> raisedEvents() {
		return List.copyOf(domainEvents());
	}

}
