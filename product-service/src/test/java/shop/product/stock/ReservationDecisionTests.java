package shop.product.stock;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import shop.events.StockRejected;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationDecisionTests {

	private static final UUID KETTLE = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID GRINDER = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	private static final UUID UNKNOWN = UUID.fromString("00000000-0000-4000-8000-000000000001");

	@Test
	void reservesEveryLineAtTheCurrentPricesWithTheTotal() {
		ReservationDecision decision = ReservationDecision.decide(
				List.of(line(KETTLE, 2), line(GRINDER, 1)),
				levels(level(KETTLE, 5, "19.99", "EUR"), level(GRINDER, 1, "5.00", "EUR")));

		assertThat(decision).isInstanceOf(ReservationDecision.Reserve.class);
		ReservationDecision.Reserve reserve = (ReservationDecision.Reserve) decision;
		assertThat(reserve.lines()).containsExactly(
				new ReservationDecision.Reserve.Line(KETTLE, 2, new BigDecimal("19.99")),
				new ReservationDecision.Reserve.Line(GRINDER, 1, new BigDecimal("5.00")));
		assertThat(reserve.total()).isEqualTo(new BigDecimal("44.98"));
		assertThat(reserve.currency()).isEqualTo("EUR");
	}

	@Test
	void totalHasTwoDecimalsEvenForWholePrices() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 3)),
				levels(level(KETTLE, 3, "10.00", "EUR")));

		assertThat(((ReservationDecision.Reserve) decision).total()).isEqualTo(new BigDecimal("30.00"));
	}

	@Test
	void reservesTheLastUnits() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 5)),
				levels(level(KETTLE, 5, "1.00", "EUR")));

		assertThat(decision).isInstanceOf(ReservationDecision.Reserve.class);
	}

	@Test
	void rejectsTheWholeOrderWhenOneLineIsShortOfStock() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 2), line(GRINDER, 3)),
				levels(level(KETTLE, 5, "19.99", "EUR"), level(GRINDER, 1, "5.00", "EUR")));

		assertThat(decision).isEqualTo(new ReservationDecision.Reject(StockRejected.Reasons.INSUFFICIENT_STOCK,
				List.of(new StockRejected.Line(GRINDER, 3, 1))));
	}

	@Test
	void rejectsUnknownProductsBeforeLookingAtStock() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 99), line(UNKNOWN, 1)),
				levels(level(KETTLE, 5, "19.99", "EUR")));

		assertThat(decision).isEqualTo(new ReservationDecision.Reject(StockRejected.Reasons.UNKNOWN_PRODUCT,
				List.of(new StockRejected.Line(UNKNOWN, 1, 0))));
	}

	@Test
	void rejectsPricesInMoreThanOneCurrency() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 1), line(GRINDER, 1)),
				levels(level(KETTLE, 5, "19.99", "EUR"), level(GRINDER, 4, "5.00", "USD")));

		assertThat(decision).isEqualTo(new ReservationDecision.Reject(StockRejected.Reasons.CURRENCY_MISMATCH,
				List.of(new StockRejected.Line(KETTLE, 1, 5), new StockRejected.Line(GRINDER, 1, 4))));
	}

	@Test
	void reportsEveryLineShortOfStock() {
		ReservationDecision decision = ReservationDecision.decide(List.of(line(KETTLE, 6), line(GRINDER, 2)),
				levels(level(KETTLE, 5, "19.99", "EUR"), level(GRINDER, 0, "5.00", "EUR")));

		assertThat(((ReservationDecision.Reject) decision).lines())
			.containsExactly(new StockRejected.Line(KETTLE, 6, 5), new StockRejected.Line(GRINDER, 2, 0));
	}

	private static UserPlacedOrder.Line line(UUID productId, int quantity) {
		return new UserPlacedOrder.Line(productId, quantity);
	}

	private static StockLevel level(UUID productId, int available, String price, String currency) {
		return new StockLevel(productId, available, new BigDecimal(price), currency);
	}

	private static Map<UUID, StockLevel> levels(StockLevel... levels) {
		return Stream.of(levels).collect(Collectors.toMap(StockLevel::productId, Function.identity()));
	}

}
