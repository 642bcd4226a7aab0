package shop.order.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.chassis.kafka.ProcessedEvents;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;
import shop.order.TestEvents;
import shop.order.orders.Order;
import shop.order.orders.OrderItem;
import shop.order.orders.OrderRepository;
import shop.order.orders.OrderStatus;
import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.order.TestEvents.line;
import static shop.order.TestEvents.placed;
import static shop.order.TestEvents.rejected;
import static shop.order.TestEvents.reserved;

/** The order's life from the events, on a real broker and a real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class OrderEventsIT {

	private static final Duration OUTCOME_WAIT = Duration.ofSeconds(60);

	private static TestEvents events;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void connect(@Value("${spring.kafka.bootstrap-servers}") String bootstrap, @Autowired JsonMapper json) {
		events = new TestEvents(bootstrap, json);
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void placedOrderIsPending() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 2),
				line(UUID.randomUUID(), 1));

		events.send(placed);

		Order order = awaitStatus(placed.orderId(), OrderStatus.PENDING);
		assertThat(order.getUserId()).isEqualTo(placed.userId());
		assertThat(order.getItems()).containsExactly(OrderItem.of(placed.items().get(0).productId(), 2),
				OrderItem.of(placed.items().get(1).productId(), 1));
		assertThat(order.getCreatedAt()).isEqualTo(placed.placedAt());
		assertThat(order.getTotal()).isNull();
		assertThat(history(placed.orderId())).containsExactly("PENDING");
	}

	@Test
	void reservedOrderIsConfirmedWithPricesAndTotal() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 3),
				line(UUID.randomUUID(), 1));
		events.send(placed);
		awaitStatus(placed.orderId(), OrderStatus.PENDING);
		long completedBefore = completions(OrderStatus.CONFIRMED);

		events.send(reserved(placed, "12.50", "EUR"));

		Order order = awaitStatus(placed.orderId(), OrderStatus.CONFIRMED);
		assertThat(order.getTotal()).isEqualByComparingTo("50.00");
		assertThat(order.getCurrency()).isEqualTo("EUR");
		assertThat(order.getItems()).extracting(OrderItem::unitPrice)
			.allSatisfy((price) -> assertThat(price).isEqualByComparingTo("12.50"));
		assertThat(order.getRejectionReason()).isNull();
		assertThat(order.getUpdatedAt()).isAfterOrEqualTo(order.getCreatedAt());
		assertThat(history(placed.orderId())).containsExactly("PENDING", "CONFIRMED");
		// Counted after commit, so right after the status is visible the count may still be one short.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(completions(OrderStatus.CONFIRMED)).isGreaterThan(completedBefore));
	}

	@Test
	void orderShortOfStockIsRejectedWithReason() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 5));
		events.send(placed);
		awaitStatus(placed.orderId(), OrderStatus.PENDING);

		events.send(rejected(placed, StockRejected.Reasons.INSUFFICIENT_STOCK));

		Order order = awaitStatus(placed.orderId(), OrderStatus.REJECTED);
		assertThat(order.getRejectionReason()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(order.getTotal()).isNull();
		assertThat(order.getCurrency()).isNull();
		assertThat(this.jdbc
			.sql("select status || ':' || coalesce(reason, '') from order_status_changes where order_id = ? order by id")
			.param(placed.orderId())
			.query(String.class)
			.list()).containsExactly("PENDING:", "REJECTED:INSUFFICIENT_STOCK");
	}

	@Test
	void reservationArrivingBeforeItsOrderConfirmsItWhenTheOrderArrives() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 2));

		events.awaitConsumed(events.send(reserved(placed, "7.25", "USD")));
		assertThat(this.orders.findById(placed.orderId())).isEmpty();
		assertThat(parkedOutcomes(placed.orderId())).isOne();

		events.send(placed);

		Order order = awaitStatus(placed.orderId(), OrderStatus.CONFIRMED);
		assertThat(order.getTotal()).isEqualByComparingTo("14.50");
		assertThat(order.getCurrency()).isEqualTo("USD");
		assertThat(history(placed.orderId())).containsExactly("PENDING", "CONFIRMED");
		assertThat(parkedOutcomes(placed.orderId())).isZero();
	}

	@Test
	void rejectionArrivingBeforeItsOrderRejectsItWhenTheOrderArrives() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 1));

		events.awaitConsumed(events.send(rejected(placed, StockRejected.Reasons.UNKNOWN_PRODUCT)));
		events.send(placed);

		Order order = awaitStatus(placed.orderId(), OrderStatus.REJECTED);
		assertThat(order.getRejectionReason()).isEqualTo("UNKNOWN_PRODUCT");
		assertThat(history(placed.orderId())).containsExactly("PENDING", "REJECTED");
		assertThat(parkedOutcomes(placed.orderId())).isZero();
	}

	@Test
	void placementsAndOutcomesArrivingTogetherNeverLeaveAnOrderPending() {
		List<UserPlacedOrder> placements = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			placements.add(placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 1)));
		}

		// Each order's two events are sent at the same moment from two threads, so their consumers race.
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < placements.size(); i++) {
			UserPlacedOrder placed = placements.get(i);
			Object outcome = (i % 2 == 0) ? reserved(placed, "1.00", "EUR") : rejected(placed, "INSUFFICIENT_STOCK");
			sends.add(CompletableFuture.runAsync(() -> events.send(placed)));
			sends.add(CompletableFuture.runAsync(() -> events.send((shop.events.OrderEvent) outcome)));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

		for (int i = 0; i < placements.size(); i++) {
			UUID orderId = placements.get(i).orderId();
			OrderStatus expected = (i % 2 == 0) ? OrderStatus.CONFIRMED : OrderStatus.REJECTED;
			awaitStatus(orderId, expected);
			assertThat(history(orderId)).containsExactly("PENDING", expected.name());
			assertThat(parkedOutcomes(orderId)).isZero();
		}
	}

	@Test
	void redeliveredAndReplayedEventsChangeNothing() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 4));
		StockReserved reserved = reserved(placed, "2.50", "EUR");

		events.send(placed);
		events.awaitConsumed(events.send(placed));
		events.send(reserved);
		events.awaitConsumed(events.send(reserved));
		Order confirmed = awaitStatus(placed.orderId(), OrderStatus.CONFIRMED);
		double redeliveredBefore = redelivered();

		// Replayed after the outcome, e.g. after a consumer offset reset.
		events.awaitConsumed(events.send(placed));
		events.awaitConsumed(events.send(reserved));

		Order order = this.orders.findById(placed.orderId()).orElseThrow();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		assertThat(order.getTotal()).isEqualByComparingTo("10.00");
		assertThat(order.getUpdatedAt()).isEqualTo(confirmed.getUpdatedAt());
		assertThat(history(placed.orderId())).containsExactly("PENDING", "CONFIRMED");
		assertThat(this.jdbc.sql("select count(*) from processed_events where event_id in (?, ?)")
			.params(placed.eventId(), reserved.eventId())
			.query(Integer.class)
			.single()).isEqualTo(2);
		// Counted, so that the fault-injection suite can report the redeliveries it caused.
		assertThat(redelivered() - redeliveredBefore).isGreaterThanOrEqualTo(2);
	}

	private double redelivered() {
		return this.meters.counter(ProcessedEvents.REDELIVERED_METRIC).count();
	}

	@Test
	void secondOutcomeOfTheSameKindWithAnotherEventIdChangesNothing() {
		UserPlacedOrder placed = placed(UUID.randomUUID(), UUID.randomUUID(), now(), line(UUID.randomUUID(), 1));
		events.send(placed);
		events.send(rejected(placed, "INSUFFICIENT_STOCK"));
		Order rejectedOrder = awaitStatus(placed.orderId(), OrderStatus.REJECTED);

		events.awaitConsumed(events.send(rejected(placed, "UNKNOWN_PRODUCT")));

		Order order = this.orders.findById(placed.orderId()).orElseThrow();
		assertThat(order.getRejectionReason()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(order.getUpdatedAt()).isEqualTo(rejectedOrder.getUpdatedAt());
		assertThat(history(placed.orderId())).containsExactly("PENDING", "REJECTED");
	}

	private Order awaitStatus(UUID orderId, OrderStatus status) {
		await().atMost(OUTCOME_WAIT)
			.until(() -> this.orders.findById(orderId).map(Order::getStatus).orElse(null) == status);
		return this.orders.findById(orderId).orElseThrow();
	}

	private List<String> history(UUID orderId) {
		return this.jdbc.sql("select status from order_status_changes where order_id = ? order by id")
			.param(orderId)
			.query(String.class)
			.list();
	}

	private int parkedOutcomes(UUID orderId) {
		return this.jdbc.sql("select count(*) from early_outcomes where order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single();
	}

	private long completions(OrderStatus outcome) {
		Timer timer = this.meters.find("shop.orders.completion").tag("outcome", outcome.name()).timer();
		return (timer != null) ? timer.count() : 0;
	}

	// Microseconds: what PostgreSQL keeps of an instant.
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
