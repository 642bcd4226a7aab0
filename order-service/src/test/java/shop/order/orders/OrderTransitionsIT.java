package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What {@link OrderRepository#saveTransition} writes on a real database: the order row at the next version, the
 * prices of the lines when confirmed, one history entry per transition, and nothing when the stored order moved on.
 */
@SpringBootTest
@Import(ShopTestInfrastructure.class)
class OrderTransitionsIT {

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void confirmationWritesStatusTotalPricesVersionAndOneHistoryEntry() {
		UUID productA = UUID.randomUUID();
		UUID productB = UUID.randomUUID();
		Order placed = place(OrderItem.of(productA, 3), OrderItem.of(productB, 1));
		Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

		inTransaction(() -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			order.confirm(List.of(new OrderItem(productB, 1, new BigDecimal("2.00")),
					new OrderItem(productA, 3, new BigDecimal("12.50"))), new BigDecimal("39.50"), "EUR", at);
			return this.orders.saveTransition(order);
		});

		Order stored = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(stored.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(stored.getTotal()).isEqualByComparingTo("39.50");
		assertThat(stored.getCurrency()).isEqualTo("EUR");
		assertThat(stored.getUpdatedAt()).isEqualTo(at);
		assertThat(stored.getVersion()).isEqualTo(placed.getVersion() + 1);
		assertThat(stored.getItems()).containsExactly(new OrderItem(productA, 3, new BigDecimal("12.50")),
				new OrderItem(productB, 1, new BigDecimal("2.00")));
		assertThat(history(placed.getId())).containsExactly("PENDING:", "CONFIRMED:");
	}

	@Test
	void rejectionWritesStatusAndReasonAndLeavesTheLinesUntouched() {
		Order placed = place(OrderItem.of(UUID.randomUUID(), 2), OrderItem.of(UUID.randomUUID(), 1));
		List<String> linesBefore = lineRowVersions(placed.getId());

		Order rejected = inTransaction(() -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			order.reject("INSUFFICIENT_STOCK", Instant.now());
			return this.orders.saveTransition(order);
		});

		Order stored = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(stored.getStatus()).isEqualTo(OrderStatus.REJECTED);
		assertThat(stored.getRejectionReason()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(stored.getTotal()).isNull();
		assertThat(stored.getVersion()).isEqualTo(placed.getVersion() + 1).isEqualTo(rejected.getVersion());
		// Same row versions (xmin): the lines were neither updated nor deleted and inserted again.
		assertThat(lineRowVersions(placed.getId())).isEqualTo(linesBefore);
		assertThat(history(placed.getId())).containsExactly("PENDING:", "REJECTED:INSUFFICIENT_STOCK");
	}

	@Test
	void cancellationOfAConfirmedOrderKeepsItsPricesAndTotal() {
		UUID product = UUID.randomUUID();
		Order placed = place(OrderItem.of(product, 2));
		inTransaction(() -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			order.confirm(List.of(new OrderItem(product, 2, new BigDecimal("5.00"))), new BigDecimal("10.00"), "USD",
					Instant.now());
			return this.orders.saveTransition(order);
		});

		inTransaction(() -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			order.cancel("SHOPPER_REQUEST", Instant.now());
			Order cancelled = this.orders.saveTransition(order);
			cancelled.stockReleased(Instant.now());
			// The same instance can take a second transition: it is at the version it wrote.
			return this.orders.saveTransition(cancelled);
		});

		Order stored = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(stored.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(stored.getTotal()).isEqualByComparingTo("10.00");
		assertThat(stored.getItems()).containsExactly(new OrderItem(product, 2, new BigDecimal("5.00")));
		assertThat(stored.getVersion()).isEqualTo(placed.getVersion() + 3);
		assertThat(history(placed.getId())).containsExactly("PENDING:", "CONFIRMED:", "CANCELLED:SHOPPER_REQUEST",
				"CANCELLED:STOCK_RELEASED");
	}

	@Test
	void transitionOfAStaleOrderIsRefusedAndWritesNothing() {
		Order placed = place(OrderItem.of(UUID.randomUUID(), 1));
		Order stale = this.orders.findById(placed.getId()).orElseThrow();
		inTransaction(() -> {
			Order order = this.orders.findById(placed.getId()).orElseThrow();
			order.cancel("SHOPPER_REQUEST", Instant.now());
			return this.orders.saveTransition(order);
		});

		stale.reject("INSUFFICIENT_STOCK", Instant.now());
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> inTransaction(() -> this.orders.saveTransition(stale)));

		Order stored = this.orders.findById(placed.getId()).orElseThrow();
		assertThat(stored.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(stored.getRejectionReason()).isNull();
		assertThat(history(placed.getId())).containsExactly("PENDING:", "CANCELLED:SHOPPER_REQUEST");
	}

	@Test
	void newOrderIsSavedNotTransitioned() {
		Order order = Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(OrderItem.of(UUID.randomUUID(), 1)),
				Instant.now(), Instant.now());

		assertThatIllegalStateException().isThrownBy(() -> this.orders.saveTransition(order));
		assertThat(this.orders.existsById(order.getId())).isFalse();
	}

	private Order place(OrderItem... items) {
		Instant now = Instant.now();
		return inTransaction(
				() -> this.orders.save(Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(items), now, now)));
	}

	private <T> T inTransaction(Supplier<T> work) {
		return this.transactions.execute((status) -> work.get());
	}

	private List<String> history(UUID orderId) {
		return this.jdbc
			.sql("select status || ':' || coalesce(reason, '') from order_status_changes where order_id = ? order by id")
			.param(orderId)
			.query(String.class)
			.list();
	}

	private List<String> lineRowVersions(UUID orderId) {
		return this.jdbc.sql("select line_no || ':' || xmin from order_items where order_id = ? order by line_no")
			.param(orderId)
			.query(String.class)
			.list();
	}

}
