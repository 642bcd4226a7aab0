package shop.systemtests.faults;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import shop.systemtests.faults.FaultShop.MetricReading;
import shop.systemtests.faults.FaultShop.Shopper;
import shop.systemtests.faults.Workload.Attempt;
import shop.systemtests.faults.Workload.Order;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 13, overload: first a probe finds the rate at which the shop sustains order placement (a few clients
 * placing orders one after another as fast as they are accepted), then clients offer twice that rate, open loop (a
 * fixed schedule, whatever the answers), for a minute. The excess must be shed at once (429 by a shopper's rate
 * limit, 503 by the gateway's admission control), and every accepted order must settle as after any fault.
 * <p>
 * The probe runs as many clients as the fault shop's gateway admits orders at once
 * ({@link FaultShop#ORDER_PLACEMENT_ADMISSION_LIMIT}), so its rate is what the shop sustains at that concurrency.
 * The overload comes from many shoppers, each within their own rate limit, as a crowd would: what sheds the excess
 * is admission control, not the per-shopper limits.
 */
final class Overload {

	/** Shed answers must come at once: the bound on their p99 (a loaded CI machine included). */
	static final Duration SHED_P99_BOUND = Duration.ofSeconds(1);

	/** The gateway's counter of requests turned away by admission control. */
	static final String SHED_METRIC = "shop_gateway_shed_total";

	/**
	 * Orders per shopper in the overload, evenly over the minute: within a shopper's rate limit (5 at once, then 10
	 * a minute, refilled one by one: 14 would just fit), so that it is not what sheds the excess. Orders of 1 to 3
	 * units of 1 or 2 of the 3 products come to 13 units of a product on average, under the purchase limit of 20 (a
	 * shopper over it gets 422).
	 */
	private static final int ORDERS_PER_SHOPPER = 13;

	/** Orders per probe shopper: the rate limit's burst, so the probe never waits on it. */
	private static final int PROBE_ORDERS_PER_SHOPPER = 5;

	/** The probe's first answers warm the shop up; its rate counts from this share of them on. */
	private static final double PROBE_WARM_UP = 1.0 / 3;

	/** Enough threads that the schedule holds while the admitted orders wait for their answers. */
	private static final int OPEN_LOOP_CLIENTS = 64;

	private final FaultShop shop;

	private final Size size;

	private Overload(FaultShop shop, Size size) {
		this.shop = shop;
		this.size = size;
	}

	/**
	 * Runs the scenario: the probe, then the overload, then settling and the invariants.
	 * @param shop the suite's shop
	 * @param size the scenario's size
	 * @return the report and the figures the scenario is judged by
	 */
	static Outcome run(FaultShop shop, Size size) {
		return new Overload(shop, size).overload();
	}

	private Outcome overload() {
		int probeShoppers = (this.size.probeOrders() + PROBE_ORDERS_PER_SHOPPER - 1) / PROBE_ORDERS_PER_SHOPPER;
		// Stock for every order: a sold-out product would be refused 422 at placement, cheaper than an order.
		Scenario scenario = Scenario.prepare(this.shop, 13,
				"overload: twice the sustainable order rate for " + this.size.window().toSeconds() + " s",
				new Scenario.Size(this.size.probeOrders(), this.size.window(), 1_000_000), probeShoppers);

		// The probe: closed loop, so its rate is what the shop sustains at this concurrency.
		int clients = FaultShop.ORDER_PLACEMENT_ADMISSION_LIMIT;
		Workload.Stream probe = Workload.start(this.shop.gateway(), scenario.shoppers(), scenario.products(),
				this.size.probeOrders(), Duration.ZERO, Scenario.SETTLE_BOUND, false, clients);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(probe::isDone);
		List<Attempt> accepted = attempts(probe.orders(), (a) -> a.status() == 202).stream()
			.sorted(Comparator.comparingLong(Overload::end))
			.toList();
		List<Attempt> warm = accepted.subList((int) (accepted.size() * PROBE_WARM_UP), accepted.size());
		double sustainable = (warm.size() - 1) / ((end(warm.get(warm.size() - 1)) - end(warm.get(0))) / 1e9);
		long probeP99 = p99Millis(warm);

		double offered = this.size.factor() * sustainable;
		int orders = (int) Math.round(offered * this.size.window().toMillis() / 1000.0);
		long registering = System.nanoTime();
		List<Shopper> shoppers = Scenario.register(this.shop,
				(orders + ORDERS_PER_SHOPPER - 1) / ORDERS_PER_SHOPPER);
		double registerSeconds = (System.nanoTime() - registering) / 1e9;
		MetricReading shedBefore = this.shop.gatewayMetric(SHED_METRIC);

		Workload.Stream overload = Workload.startShedding(this.shop.gateway(), shoppers, scenario.products(), orders,
				this.size.window(), Scenario.SETTLE_BOUND, OPEN_LOOP_CLIENTS);
		await().pollDelay(this.size.window()).atMost(this.size.window().plusSeconds(1)).until(() -> true);
		scenario.faultCleared();
		await().atMost(Scenario.SETTLE_BOUND).pollInterval(Duration.ofMillis(250)).until(overload::isDone);
		long shedByAdmission = (long) this.shop.gatewayMetric(SHED_METRIC).since(shedBefore);

		List<Attempt> sent = attempts(overload.orders(), (a) -> true);
		List<Long> firstTries = overload.orders()
			.stream()
			.map((order) -> order.attempts().get(0).startNanos())
			.sorted()
			.toList();
		// What the clients managed to offer: the schedule slips if every client thread waits for an answer.
		double sentRate = (firstTries.size() - 1) / ((firstTries.get(firstTries.size() - 1) - firstTries.get(0)) / 1e9);
		Map<Integer, Long> statuses = new TreeMap<>();
		sent.forEach((a) -> statuses.merge(a.status(), 1L, Long::sum));
		long acceptedP99 = p99Millis(attempts(overload.orders(), (a) -> a.status() == 202));
		List<Attempt> shed = attempts(overload.orders(), Attempt::shed);
		long shedP99 = p99Millis(shed);
		long shedMax = shed.stream().mapToLong((a) -> a.took().toMillis()).max().orElse(0);
		long acceptedP50 = percentileMillis(attempts(overload.orders(), (a) -> a.status() == 202), 0.5);
		long shedP50 = percentileMillis(shed, 0.5);

		scenario.figure("sustainableOrdersPerSecond", format(sustainable));
		scenario.figure("probeP99Ms", probeP99);
		scenario.figure("offeredOrdersPerSecond", format(offered));
		scenario.figure("sentOrdersPerSecond", format(sentRate));
		scenario.figure("admissionLimit", clients);
		scenario.figure("overloadShoppers", shoppers.size());
		scenario.figure("registerSeconds", format(registerSeconds));
		scenario.figure("acceptedP50Ms", acceptedP50);
		scenario.figure("shedP50Ms", shedP50);
		scenario.figure("statuses", statuses.toString().replace(" ", ""));
		scenario.figure("shedByAdmission", shedByAdmission);
		scenario.figure("acceptedP99Ms", acceptedP99);
		scenario.figure("shedP99Ms", shedP99);
		scenario.figure("shedMaxMs", shedMax);
		ScenarioReport report = scenario.finish(Workload.Stream.concat(probe, overload));
		return new Outcome(report, sustainable, statuses, shedByAdmission, Duration.ofMillis(acceptedP99),
				Duration.ofMillis(shedP99));
	}

	private static List<Attempt> attempts(List<Order> orders, Predicate<Attempt> which) {
		return orders.stream().flatMap((order) -> order.attempts().stream()).filter(which).toList();
	}

	private static long end(Attempt attempt) {
		return attempt.startNanos() + attempt.took().toNanos();
	}

	/** The 99th percentile of how long these attempts took, in milliseconds (0 when there are none). */
	private static long p99Millis(List<Attempt> attempts) {
		return percentileMillis(attempts, 0.99);
	}

	private static long percentileMillis(List<Attempt> attempts, double percentile) {
		List<Long> millis = attempts.stream()
			.map((attempt) -> attempt.took().toMillis())
			.sorted(Comparator.naturalOrder())
			.toList();
		return millis.isEmpty() ? 0 : millis.get((int) Math.ceil(millis.size() * percentile) - 1);
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/**
	 * What scenario 13 is judged by.
	 *
	 * @param report the scenario's line and invariants
	 * @param sustainable orders a second the probe had accepted
	 * @param statuses how many requests of the overload got each status (0: no answer)
	 * @param shedByAdmission how many the gateway's admission control turned away ({@value #SHED_METRIC})
	 * @param acceptedP99 of the overload's 202 answers
	 * @param shedP99 of the overload's 429 and 503 answers
	 */
	record Outcome(ScenarioReport report, double sustainable, Map<Integer, Long> statuses, long shedByAdmission,
			Duration acceptedP99, Duration shedP99) {

		long count(int status) {
			return this.statuses.getOrDefault(status, 0L);
		}

	}

	/**
	 * How big the scenario is: {@code -Dshop.faults.size=small} (the default, CI) or {@code large}.
	 *
	 * @param probeOrders orders the probe places
	 * @param factor the overload's rate over the sustainable one
	 * @param window how long the overload lasts
	 */
	record Size(int probeOrders, double factor, Duration window) {

		static Size fromSystemProperty() {
			String size = System.getProperty("shop.faults.size", "small");
			return switch (size) {
				case "small" -> new Size(150, 2.0, Duration.ofSeconds(60));
				case "large" -> new Size(600, 2.0, Duration.ofSeconds(60));
				default -> throw new IllegalArgumentException("shop.faults.size is small or large, not " + size);
			};
		}

	}

}
