package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTests {

	private static final UUID ORDER = UUID.randomUUID();

	private static final UUID USER = UUID.randomUUID();

	private static final UUID BOOK = UUID.randomUUID();

	private static final UUID PEN = UUID.randomUUID();

	private static final Instant PLACED = Instant.parse("2026-11-26T12:00:00Z");

	private static final Instant RECEIVED = PLACED.plusMillis(40);

	private static final Instant DECIDED = PLACED.plusSeconds(1);

	private static final Instant CANCELLED = PLACED.plusSeconds(30);

	@Test
	void placedOrderIsPendingAndUnpriced() {
		Order order = placed();

		assertThat(order.getId()).isEqualTo(ORDER);
		assertThat(order.getUserId()).isEqualTo(USER);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.getItems()).containsExactly(OrderItem.of(BOOK, 2), OrderItem.of(PEN, 1));
		assertThat(order.getTotal()).isNull();
		assertThat(order.getCurrency()).isNull();
		assertThat(order.getRejectionReason()).isNull();
		assertThat(order.getCreatedAt()).isEqualTo(PLACED);
		assertThat(order.getUpdatedAt()).isEqualTo(RECEIVED);
		assertThat(order.getVersion()).as("new: inserted on first save").isNull();
		assertThat(order.raisedEvents())
			.containsExactly(new OrderStatusChanged(ORDER, OrderStatus.PENDING, null, PLACED, RECEIVED));
	}

	@Test
	void confirmsPendingOrderWithPricesTotalAndCurrency() {
		Order order = placed();

		Transition transition = order.confirm(reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.98"), "EUR",
				DECIDED);

		assertThat(transition).isEqualTo(Transition.APPLIED);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(order.getItems()).containsExactly(new OrderItem(BOOK, 2, new BigDecimal("19.99")),
				new OrderItem(PEN, 1, new BigDecimal("5.00")));
		assertThat(order.getTotal()).isEqualTo(new BigDecimal("44.98"));
		assertThat(order.getCurrency()).isEqualTo("EUR");
		assertThat(order.getRejectionReason()).isNull();
		assertThat(order.getUpdatedAt()).isEqualTo(DECIDED);
		assertThat(order.raisedEvents()).last()
			.isEqualTo(new OrderStatusChanged(ORDER, OrderStatus.CONFIRMED, null, PLACED, DECIDED));
	}

	@Test
	void keepsTheOrderedLineOrderWhateverTheReservationOrder() {
		Order order = placed();

		order.confirm(List.of(new OrderItem(PEN, 1, new BigDecimal("5")), new OrderItem(BOOK, 2, new BigDecimal("1"))),
				new BigDecimal("7"), "EUR", DECIDED);

		assertThat(order.getItems()).extracting(OrderItem::productId).containsExactly(BOOK, PEN);
		assertThat(order.getItems()).extracting(OrderItem::unitPrice)
			.containsExactly(new BigDecimal("1.00"), new BigDecimal("5.00"));
		assertThat(order.getTotal()).isEqualTo(new BigDecimal("7.00"));
	}

	@Test
	void rejectsPendingOrderWithReason() {
		Order order = placed();

		Transition transition = order.reject("INSUFFICIENT_STOCK", DECIDED);

		assertThat(transition).isEqualTo(Transition.APPLIED);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
		assertThat(order.getRejectionReason()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(order.getTotal()).isNull();
		assertThat(order.getItems()).extracting(OrderItem::unitPrice).containsOnlyNulls();
		assertThat(order.raisedEvents()).last()
			.isEqualTo(new OrderStatusChanged(ORDER, OrderStatus.REJECTED, "INSUFFICIENT_STOCK", PLACED, DECIDED));
	}

	@Test
	void secondConfirmationChangesNothing() {
		Order order = confirmed();
		int events = order.raisedEvents().size();

		Transition transition = order.confirm(reserved(2, "1.00", 1, "1.00"), new BigDecimal("3.00"), "USD",
				DECIDED.plusSeconds(5));

		assertThat(transition).isEqualTo(Transition.ALREADY_DONE);
		assertThat(order.getTotal()).isEqualTo(new BigDecimal("44.98"));
		assertThat(order.getCurrency()).isEqualTo("EUR");
		assertThat(order.getUpdatedAt()).isEqualTo(DECIDED);
		assertThat(order.raisedEvents()).hasSize(events);
	}

	@Test
	void secondRejectionChangesNothing() {
		Order order = placed();
		order.reject("UNKNOWN_PRODUCT", DECIDED);

		Transition transition = order.reject("INSUFFICIENT_STOCK", DECIDED.plusSeconds(5));

		assertThat(transition).isEqualTo(Transition.ALREADY_DONE);
		assertThat(order.getRejectionReason()).isEqualTo("UNKNOWN_PRODUCT");
		assertThat(order.getUpdatedAt()).isEqualTo(DECIDED);
		assertThat(order.raisedEvents()).hasSize(2);
	}

	@Test
	void refusesToRejectConfirmedOrder() {
		Order order = confirmed();

		assertThatThrownBy(() -> order.reject("INSUFFICIENT_STOCK", DECIDED.plusSeconds(5)))
			.isInstanceOf(OrderTransitionRefused.class)
			.hasMessageContaining("CONFIRMED");
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(order.getRejectionReason()).isNull();
		assertThat(order.raisedEvents()).hasSize(2);
	}

	@Test
	void refusesToConfirmRejectedOrder() {
		Order order = placed();
		order.reject("INSUFFICIENT_STOCK", DECIDED);

		assertThatThrownBy(() -> order.confirm(reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.98"), "EUR",
				DECIDED.plusSeconds(5)))
			.isInstanceOf(OrderTransitionRefused.class);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
		assertThat(order.getTotal()).isNull();
		assertThat(order.getItems()).extracting(OrderItem::unitPrice).containsOnlyNulls();
	}

	@Test
	void refusesConfirmationWhoseLinesAreNotTheOrderedLines() {
		Order order = placed();

		assertRefusedAndUnchanged(order, List.of(new OrderItem(BOOK, 1, BigDecimal.ONE),
				new OrderItem(PEN, 1, BigDecimal.ONE)), new BigDecimal("2"));
		assertRefusedAndUnchanged(order, List.of(new OrderItem(BOOK, 2, BigDecimal.ONE)), new BigDecimal("2"));
		assertRefusedAndUnchanged(order,
				List.of(new OrderItem(BOOK, 2, BigDecimal.ONE), new OrderItem(PEN, 1, BigDecimal.ONE),
						new OrderItem(UUID.randomUUID(), 1, BigDecimal.ONE)),
				new BigDecimal("4"));
		assertRefusedAndUnchanged(order,
				List.of(new OrderItem(BOOK, 2, BigDecimal.ONE), new OrderItem(BOOK, 2, BigDecimal.ONE)),
				new BigDecimal("4"));
	}

	@Test
	void refusesConfirmationWhoseTotalIsNotTheSumOfTheLines() {
		assertRefusedAndUnchanged(placed(), reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.99"));
	}

	@Test
	void refusesAmountsThatAreNotMoney() {
		Order order = placed();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> order.confirm(reserved(2, "19.995", 1, "5.00"), new BigDecimal("44.99"), "EUR", DECIDED));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> order.confirm(reserved(2, "-1.00", 1, "5.00"), new BigDecimal("3.00"), "EUR", DECIDED));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> order.confirm(reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.98"), "XYZ", DECIDED));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.getTotal()).isNull();
		assertThat(order.getCurrency()).isNull();
	}

	@Test
	void refusesOrdersThatCannotBePlaced() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Order.place(ORDER, USER, List.of(), PLACED, RECEIVED));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Order.place(ORDER, USER, List.of(OrderItem.of(BOOK, 0)), PLACED, RECEIVED));
		assertThatIllegalArgumentException().isThrownBy(
				() -> Order.place(ORDER, USER, List.of(OrderItem.of(BOOK, 1), OrderItem.of(BOOK, 2)), PLACED, RECEIVED));
	}

	@Test
	void cancelsPendingOrderAtOnce() {
		Order order = placed();

		order.cancel("SHOPPER_REQUEST", CANCELLED);

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getUpdatedAt()).isEqualTo(CANCELLED);
		assertThat(order.getTotal()).isNull();
		assertThat(order.raisedEvents()).last()
			.isEqualTo(new OrderStatusChanged(ORDER, OrderStatus.CANCELLED, "SHOPPER_REQUEST", PLACED, CANCELLED));
	}

	@Test
	void cancelsConfirmedOrderKeepingItsPrices() {
		Order order = confirmed();

		order.cancel("SHOPPER_REQUEST", CANCELLED);

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getTotal()).isEqualTo(new BigDecimal("44.98"));
		assertThat(order.raisedEvents()).extracting((event) -> ((OrderStatusChanged) event).status())
			.containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
	}

	@Test
	void refusesToCancelRejectedOrCancelledOrder() {
		Order rejected = placed();
		rejected.reject("INSUFFICIENT_STOCK", DECIDED);
		Order cancelled = placed();
		cancelled.cancel("SHOPPER_REQUEST", CANCELLED);

		assertThatThrownBy(() -> rejected.cancel("SHOPPER_REQUEST", CANCELLED))
			.isInstanceOf(OrderTransitionRefused.class)
			.hasMessageContaining("REJECTED");
		assertThatThrownBy(() -> cancelled.cancel("SHOPPER_REQUEST", CANCELLED.plusSeconds(1)))
			.isInstanceOf(OrderTransitionRefused.class)
			.hasMessageContaining("CANCELLED");
		assertThat(rejected.getStatus()).isEqualTo(OrderStatus.REJECTED);
		assertThat(cancelled.getUpdatedAt()).isEqualTo(CANCELLED);
	}

	@Test
	void stockOutcomeArrivingAfterCancellationChangesNothing() {
		Order order = placed();
		order.cancel("SHOPPER_REQUEST", CANCELLED);

		Transition confirmation = order.confirm(reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.98"), "EUR",
				DECIDED);
		Transition rejection = order.reject("ORDER_CANCELLED", DECIDED);

		assertThat(confirmation).isEqualTo(Transition.CANCELLED_BEFORE);
		assertThat(rejection).isEqualTo(Transition.CANCELLED_BEFORE);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getTotal()).isNull();
		assertThat(order.getItems()).containsExactly(OrderItem.of(BOOK, 2), OrderItem.of(PEN, 1));
		assertThat(order.raisedEvents()).hasSize(2);
	}

	@Test
	void recordsReleasedStockOfCancelledOrderInItsHistoryOnly() {
		Order order = confirmed();
		order.cancel("SHOPPER_REQUEST", CANCELLED);

		order.stockReleased(CANCELLED.plusSeconds(1));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.raisedEvents()).last()
			.isEqualTo(new OrderStatusChanged(ORDER, OrderStatus.CANCELLED, Order.STOCK_RELEASED, PLACED,
					CANCELLED.plusSeconds(1)));
		assertThatThrownBy(() -> confirmed().stockReleased(CANCELLED)).isInstanceOf(OrderTransitionRefused.class);
	}

	@Test
	void onlyStockOutcomesCountAsTheEndOfProcessing() {
		assertThat(new OrderStatusChanged(ORDER, OrderStatus.CONFIRMED, null, PLACED, DECIDED).isFinal()).isTrue();
		assertThat(new OrderStatusChanged(ORDER, OrderStatus.REJECTED, "X", PLACED, DECIDED).isFinal()).isTrue();
		assertThat(new OrderStatusChanged(ORDER, OrderStatus.CANCELLED, "X", PLACED, DECIDED).isFinal()).isFalse();
	}

	private static void assertRefusedAndUnchanged(Order order, List<OrderItem> lines, BigDecimal total) {
		assertThatThrownBy(() -> order.confirm(lines, total, "EUR", DECIDED))
			.isInstanceOf(OrderTransitionRefused.class);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		assertThat(order.getItems()).containsExactly(OrderItem.of(BOOK, 2), OrderItem.of(PEN, 1));
		assertThat(order.getTotal()).isNull();
		assertThat(order.getUpdatedAt()).isEqualTo(RECEIVED);
		assertThat(order.raisedEvents()).hasSize(1);
	}

	private static Order placed() {
		return Order.place(ORDER, USER, List.of(OrderItem.of(BOOK, 2), OrderItem.of(PEN, 1)), PLACED, RECEIVED);
	}

	private static Order confirmed() {
		Order order = placed();
		order.confirm(reserved(2, "19.99", 1, "5.00"), new BigDecimal("44.98"), "EUR", DECIDED);
		return order;
	}

	private static List<OrderItem> reserved(int books, String bookPrice, int pens, String penPrice) {
		return List.of(new OrderItem(BOOK, books, new BigDecimal(bookPrice)),
				new OrderItem(PEN, pens, new BigDecimal(penPrice)));
	}

}
