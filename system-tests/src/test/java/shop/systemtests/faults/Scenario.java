package shop.systemtests.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import shop.local.ShopService;
import shop.systemtests.faults.FaultShop.MetricReading;
import shop.systemtests.faults.FaultShop.Shopper;
import shop.systemtests.faults.Workload.Order;

import static org.awaitility.Awaitility.await;

/**
 * One scenario's run: its own shoppers and products, a stream of orders, the moment its fault was cleared, and at
 * the end the settling wait, the invariants and the report line. Scenarios run one after another on one shop and
 * touch only what they created, so each is checked on its own.
 */
final class Scenario {

	/** After the fault is cleared, the shop must settle within this (I1's stated bound). */
	static final Duration SETTLE_BOUND = Duration.ofSeconds(120);

	/** The metric the services count absorbed redeliveries in (see the chassis' ProcessedEvents). */
	static final String REDELIVERED = "shop_events_redelivered_total";

	private static final List<ShopService> CONSUMERS = List.of(ShopService.ORDER, ShopService.PRODUCT);

	private final FaultShop shop;

	private final int number;

	private final String name;

	private final Size size;

	private final List<Shopper> shoppers = new ArrayList<>();

	private final Map<UUID, Integer> initialStock = new LinkedHashMap<>();

	private final Map<TopicPartition, Long> deadLettersBefore;

	private final Map<ShopService, MetricReading> redeliveredBefore = new LinkedHashMap<>();

	private final Map<String, String> extra = new LinkedHashMap<>();

	private final long startedAt = System.nanoTime();

	private long faultClearedAt;

	private Scenario(FaultShop shop, int number, String name, Size size, int shoppers) {
		this.shop = shop;
		this.number = number;
		this.name = name;
		this.size = size;
		this.shoppers.addAll(register(shop, shoppers));
		for (int i = 0; i < 3; i++) {
			this.initialStock.put(shop.createProduct(size.stock()), size.stock());
		}
		this.deadLettersBefore = DeadLetters.endOffsets(shop);
		CONSUMERS.forEach((service) -> this.redeliveredBefore.put(service, shop.metric(service, REDELIVERED)));
	}

	static Scenario prepare(FaultShop shop, int number, String name, Size size) {
		// The gateway's per-shopper order limit is 5 at once: a shopper places three, keeping room for retries.
		return new Scenario(shop, number, name, size, (size.orders() + 2) / 3);
	}

	static Scenario prepare(FaultShop shop, int number, String name, Size size, int shoppers) {
		return new Scenario(shop, number, name, size, shoppers);
	}

	/** Registers this many shoppers, a few at once. */
	static List<Shopper> register(FaultShop shop, int count) {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Shopper>> registered = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				registered.add(threads.submit(shop::register));
			}
			List<Shopper> shoppers = new ArrayList<>();
			for (Future<Shopper> shopper : registered) {
				shoppers.add(shopper.get(2, TimeUnit.MINUTES));
			}
			return shoppers;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Registering " + count + " shoppers failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Starts the scenario's stream of orders through the gateway. */
	Workload.Stream startOrders(boolean confirmReceipt) {
		return startOrders(confirmReceipt, 4);
	}

	/** Starts the scenario's stream of orders through the gateway, from this many clients at once. */
	Workload.Stream startOrders(boolean confirmReceipt, int clients) {
		return Workload.start(this.shop.gateway(), this.shoppers, List.copyOf(this.initialStock.keySet()),
				this.size.orders(), this.size.over(), SETTLE_BOUND, confirmReceipt, clients);
	}

	/** Waits until the stream has had this many final answers (a fault goes in "mid-stream"). */
	void awaitAnswers(Workload.Stream stream, int count) {
		await().atMost(this.size.over().plus(Duration.ofSeconds(60)))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> stream.answers() >= count);
	}

	int orders() {
		return this.size.orders();
	}

	/** The scenario's shoppers. */
	List<Shopper> shoppers() {
		return List.copyOf(this.shoppers);
	}

	/** The scenario's products, for records written straight to the topics. */
	List<UUID> products() {
		return List.copyOf(this.initialStock.keySet());
	}

	/** From now on the shop is expected to recover. */
	void faultCleared() {
		this.faultClearedAt = System.nanoTime();
	}

	/** A figure of this scenario only, added to its line. */
	void figure(String key, Object value) {
		this.extra.put(key, String.valueOf(value));
	}

	/** Waits for the stream and the shop to settle, checks the invariants, prints the line. */
	ScenarioReport finish(Workload.Stream stream) {
		return finish(stream, Map.of());
	}

	/**
	 * Waits for the stream and the shop to settle, checks the invariants, prints the line.
	 * @param expectedDeadLetters values written on purpose to be refused, with how many groups must park each
	 */
	ScenarioReport finish(Workload.Stream stream, Map<String, Integer> expectedDeadLetters) {
		List<Order> orders = stream.await(SETTLE_BOUND.plus(this.size.over()).plus(Duration.ofSeconds(30)));
		if (this.faultClearedAt == 0) {
			this.faultClearedAt = System.nanoTime();
		}
		else {
			// Recovery counts from the fault's end until the shop settled, and the shop can only be checked once the
			// clients have their answers: this part of it is theirs (retry pauses, Retry-After of 429/503).
			this.extra.put("clientsDoneSeconds", String.format(java.util.Locale.ROOT, "%.1f",
					Math.max(0, System.nanoTime() - this.faultClearedAt) / 1e9));
		}
		Invariants invariants = Invariants.of(this.shop);
		int expectedLetters = expectedDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
		List<String> notSettled = new ArrayList<>();
		try {
			await().atMost(SETTLE_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
				notSettled.clear();
				notSettled.addAll(invariants.outstanding(orders));
				int letters = DeadLetters.since(this.shop, this.deadLettersBefore).size();
				if (letters < expectedLetters) {
					notSettled.add(letters + " of " + expectedLetters + " dead letters");
				}
				return notSettled.isEmpty();
			});
		}
		catch (ConditionTimeoutException ex) {
			// Checked below as violations, so the line still shows every figure.
		}
		Duration recovery = Duration.ofNanos(System.nanoTime() - this.faultClearedAt);
		// The gateway's breakers may still be open from the fault for a few seconds: wait until it routes again.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> this.shop.stock(this.initialStock.keySet().iterator().next()) >= 0);
		Invariants.Result result = invariants.check(orders, this.initialStock, expectedDeadLetters,
				DeadLetters.since(this.shop, this.deadLettersBefore));
		if (!notSettled.isEmpty()) {
			List<String> violations = new ArrayList<>(result.violations());
			violations.add(0, "I1 not settled within " + SETTLE_BOUND + ": " + notSettled);
			result = new Invariants.Result(result.sent(), result.requests(), result.acked(), result.refused(),
					result.confirmed(),
					result.rejected(), result.lost(), result.duplicated(), result.stockDrift(), result.deadLetters(),
					violations);
		}
		long redeliveries = 0;
		for (ShopService service : CONSUMERS) {
			redeliveries += (long) this.shop.metric(service, REDELIVERED).since(this.redeliveredBefore.get(service));
		}
		// The slowest answer any client waited for (I8 bounds it): how close a scenario comes to the client's timeout.
		orders.stream()
			.flatMap((order) -> order.attempts().stream())
			.map(Workload.Attempt::took)
			.max(Duration::compareTo)
			.ifPresent((slowest) -> this.extra.put("slowestRequestMs", String.valueOf(slowest.toMillis())));
		this.extra.put("scenarioSeconds",
				String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - this.startedAt) / 1e9));
		ScenarioReport report = new ScenarioReport(this.number, this.name, result, redeliveries, recovery,
				this.extra);
		System.out.println(report.line());
		result.violations().forEach((v) -> System.out.println("  violated: " + v));
		return report;
	}

	/**
	 * How much load a scenario puts on the shop: {@code -Dshop.faults.size=small} (the default, CI) or
	 * {@code large} (a benchmark machine).
	 *
	 * @param orders orders per scenario
	 * @param over the time they are spread over
	 * @param stock initial stock of each of the scenario's three products (sized so that some orders are
	 * rejected)
	 */
	record Size(int orders, Duration over, int stock) {

		static Size fromSystemProperty() {
			String size = System.getProperty("shop.faults.size", "small");
			return switch (size) {
				case "small" -> new Size(36, Duration.ofSeconds(6), 30);
				case "large" -> new Size(300, Duration.ofSeconds(60), 250);
				default -> throw new IllegalArgumentException("shop.faults.size is small or large, not " + size);
			};
		}

	}

}
