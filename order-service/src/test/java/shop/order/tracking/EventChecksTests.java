package shop.order.tracking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import shop.chassis.kafka.InvalidEvent;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventChecksTests {

	private static final UUID BOOK = UUID.randomUUID();

	private static final UUID PEN = UUID.randomUUID();

	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

	@Test
	void acceptsValidPlacement() {
		UserPlacedOrder placed = placed(new UserPlacedOrder.Line(BOOK, 1), new UserPlacedOrder.Line(PEN, 1000));

		assertThatCode(() -> EventChecks.check(placed)).doesNotThrowAnyException();
	}

	@Test
	void refusesPlacementWithoutLinesWithZeroQuantityOrRepeatedProduct() {
		assertInvalid(() -> EventChecks.check(placed()), "at least one line");
		assertInvalid(() -> EventChecks.check(placed(new UserPlacedOrder.Line(BOOK, 0))), "quantity 0");
		assertInvalid(() -> EventChecks.check(placed(new UserPlacedOrder.Line(BOOK, -3))), "quantity -3");
		assertInvalid(() -> EventChecks.check(placed(new UserPlacedOrder.Line(BOOK, 1), new UserPlacedOrder.Line(BOOK, 2))),
				"two lines");
	}

	@Test
	void acceptsValidReservation() {
		assertThatCode(() -> EventChecks.check(reserved("44.98", "EUR", line(BOOK, 2, "19.99"), line(PEN, 1, "5"))))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesReservationWhoseTotalIsNotTheSumOfItsLines() {
		assertInvalid(() -> EventChecks.check(reserved("44.97", "EUR", line(BOOK, 2, "19.99"), line(PEN, 1, "5"))),
				"not the sum");
	}

	@Test
	void refusesReservationWithUnknownCurrency() {
		assertInvalid(() -> EventChecks.check(reserved("5.00", "XYZ", line(BOOK, 1, "5"))), "XYZ");
		assertInvalid(() -> EventChecks.check(reserved("5.00", "eur", line(BOOK, 1, "5"))), "eur");
	}

	@Test
	void refusesReservationWithAmountsThatAreNotMoney() {
		assertInvalid(() -> EventChecks.check(reserved("5.001", "EUR", line(BOOK, 1, "5.001"))), "unitPrice 5.001");
		assertInvalid(() -> EventChecks.check(reserved("-5", "EUR", line(BOOK, 1, "-5"))), "unitPrice -5");
		assertInvalid(() -> EventChecks.check(reserved("0", "EUR", line(BOOK, 0, "5"))), "quantity 0");
		assertInvalid(() -> EventChecks.check(reserved("0", "EUR")), "at least one line");
	}

	@Test
	void acceptsRejectionWithUnknownReasonCodeButNotWithout() {
		assertThatCode(() -> EventChecks.check(rejected("PRODUCT_RECALLED"))).doesNotThrowAnyException();
		assertInvalid(() -> EventChecks.check(rejected(" ")), "without a reason");
		assertInvalid(() -> EventChecks.check(rejected("X".repeat(65))), "longer than 64");
	}

	private static void assertInvalid(Runnable check, String because) {
		assertThatThrownBy(check::run).isInstanceOf(InvalidEvent.class).hasMessageContaining(because);
	}

	private static UserPlacedOrder placed(UserPlacedOrder.Line... lines) {
		return new UserPlacedOrder(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of(lines), NOW);
	}

	private static StockReserved reserved(String total, String currency, StockReserved.Line... lines) {
		return new StockReserved(UUID.randomUUID(), UUID.randomUUID(), List.of(lines), new BigDecimal(total), currency,
				NOW);
	}

	private static StockReserved.Line line(UUID product, int quantity, String unitPrice) {
		return new StockReserved.Line(product, quantity, new BigDecimal(unitPrice));
	}

	private static StockRejected rejected(String reason) {
		return new StockRejected(UUID.randomUUID(), UUID.randomUUID(), reason, List.of(), NOW);
	}

}
