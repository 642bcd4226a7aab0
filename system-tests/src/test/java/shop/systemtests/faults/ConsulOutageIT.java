package shop.systemtests.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import shop.local.ConsulAgent;
import shop.local.LocalShop;
import shop.local.ShopService;
import shop.systemtests.faults.CatalogReads.Read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, scenario 7: the Consul agent stopped for 30 s and started again while clients place orders and browse
 * the catalog through the gateway. A read either succeeds (the gateway's load balancer still holds the instance
 * list it read last, for 2 s) or fails fast with 503 problem+json; no request hangs. The agent runs in development
 * mode, so the restarted one knows no instance: every instance and the gateway must register again by themselves
 * (their ConsulReregistration finds itself missing), and routing must come back, within the bounds below. The orders of the
 * stream must keep every promise of {@link Invariants}.
 * <p>
 * Its own {@link FaultShop} with a Consul agent rather than the shared whole-shop fixture: that fixture's classes
 * must never stop one of its processes (only WholeShopIT, last, kills one), and the invariants read the scenario's
 * databases through a {@link FaultShop}. Run alone: {@code ./mvnw -B verify -pl system-tests -am -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConsulOutageIT}.
 */
@Order(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsulOutageIT {

	static final Duration OUTAGE = Duration.ofSeconds(30);

	/** A refused read is answered within this (99th percentile): failing fast, not waiting on Consul. */
	static final Duration FAIL_FAST_P99 = Duration.ofSeconds(1);

	/** After the restart, every instance and the gateway pass in Consul again within this. */
	static final Duration REREGISTER_BOUND = Duration.ofSeconds(20);

	/** After the restart, reads through the gateway succeed again within this (breakers may need a trial). */
	static final Duration ROUTING_BOUND = Duration.ofSeconds(30);

	/** 36 orders over 45 s: the agent stops once a sixth is answered, so most of the stream meets the outage. */
	private static final Scenario.Size SIZE = new Scenario.Size(36, Duration.ofSeconds(45), 30);

	private FaultShop shop;

	@BeforeAll
	void startShop() {
		Path consul = ConsulAgent.findBinary(LocalShop.repositoryRoot()).orElse(null);
		if (consul == null) {
			String message = "No consul binary (PATH, SHOP_CONSUL_BINARY or .shop/tools/consul): run "
					+ "scripts/fetch-consul.sh (Debian/Ubuntu) or install Consul";
			if (System.getenv("CI") != null && !"false".equals(System.getenv("CI"))) {
				fail("CI must run fault scenario 7 with a real Consul agent. " + message);
			}
			Assumptions.abort(message);
		}
		this.shop = new FaultShop(LocalShop.Discovery.startConsul(consul, 0));
	}

	@AfterAll
	void stopShop() {
		if (this.shop != null) {
			this.shop.close();
		}
	}

	@Test
	void consulAgentStoppedAndRestartedWhileOrdersAndReadsFlow() {
		ConsulAgent consul = this.shop.local().consul().orElseThrow();
		Map<String, Integer> instances = registeredInstances();
		Scenario scenario = Scenario.prepare(this.shop, 7, "Consul agent stopped 30 s and restarted (state lost)",
				SIZE);
		Workload.Stream stream;
		List<Read> reads;
		long stoppedAt;
		long restartedAt;
		Duration reregistered;
		Duration routedAgain;
		try (CatalogReads catalog = CatalogReads.start(this.shop.gateway(), scenario.products())) {
			stream = scenario.startOrders(false);
			scenario.awaitAnswers(stream, scenario.orders() / 6);

			stoppedAt = System.nanoTime();
			consul.stop();
			sleep(OUTAGE);
			scenario.faultCleared();
			Duration agentStart = consul.restart(Duration.ofSeconds(60));
			restartedAt = System.nanoTime();
			scenario.figure("agentRestartSeconds", seconds(agentStart));

			await().atMost(REREGISTER_BOUND.plus(Duration.ofSeconds(10)))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> passingInstances(consul).equals(instances));
			reregistered = Duration.ofNanos(System.nanoTime() - restartedAt);

			// Routing is back once the reads of the last 3 s all succeeded.
			await().atMost(ROUTING_BOUND.plus(Duration.ofSeconds(10)))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> succeededThroughout(catalog.reads(), System.nanoTime() - 3_000_000_000L));
			reads = catalog.reads();
			routedAgain = Duration.ofNanos(lastFailure(reads, restartedAt) - restartedAt);
		}

		List<Read> during = reads.stream()
			.filter((r) -> r.startNanos() >= stoppedAt && r.startNanos() < restartedAt)
			.toList();
		List<Read> failed = reads.stream().filter((r) -> !r.ok()).toList();
		Duration failureP99 = p99(failed);
		scenario.figure("consulDownSeconds", seconds(Duration.ofNanos(restartedAt - stoppedAt)));
		scenario.figure("reregisteredSeconds", seconds(reregistered));
		scenario.figure("readsRoutedAgainSeconds", seconds(routedAgain.isNegative() ? Duration.ZERO : routedAgain));
		scenario.figure("reads", reads.size());
		scenario.figure("readsFailed", failed.size());
		scenario.figure("readsOkWhileDown", during.stream().filter(Read::ok).count() + "/" + during.size());
		scenario.figure("readFailureP99Ms", failureP99.toMillis());
		scenario.figure("readP99Ms", p99(reads).toMillis());

		ScenarioReport report = scenario.finish(stream);
		assertThat(report.result().violations()).as(report.line()).isEmpty();
		assertThat(report.result().acked()).as("acknowledged orders").isPositive();
		assertThat(failed).as("every failed read is a 503 problem+json, none hung").allMatch(Read::failedFast);
		assertThat(failureP99).as("p99 of failed reads").isLessThan(FAIL_FAST_P99);
		assertThat(reregistered).as("every instance and the gateway passing again").isLessThan(REREGISTER_BOUND);
		assertThat(routedAgain).as("reads through the gateway succeed again").isLessThan(ROUTING_BOUND);
	}

	/** How many instances of each application pass in Consul before the fault: all that the shop started. */
	private Map<String, Integer> registeredInstances() {
		Map<String, Integer> expected = new LinkedHashMap<>();
		for (ShopService service : ShopService.values()) {
			expected.put(service.module(), this.shop.local().instances(service).size());
		}
		expected.put("api-gateway", 1);
		assertThat(passingInstances(this.shop.local().consul().orElseThrow())).isEqualTo(expected);
		return expected;
	}

	private Map<String, Integer> passingInstances(ConsulAgent consul) {
		Map<String, Integer> passing = new LinkedHashMap<>();
		for (ShopService service : ShopService.values()) {
			passing.put(service.module(), LocalShop.passingInstances(consul, service.module()));
		}
		passing.put("api-gateway", LocalShop.passingInstances(consul, "api-gateway"));
		return passing;
	}

	private static boolean succeededThroughout(List<Read> reads, long since) {
		List<Read> recent = reads.stream().filter((r) -> r.startNanos() >= since).toList();
		return recent.size() >= 10 && recent.stream().allMatch(Read::ok);
	}

	/** When the last read after {@code since} that failed was sent; {@code since} when none failed. */
	private static long lastFailure(List<Read> reads, long since) {
		return reads.stream()
			.filter((r) -> r.startNanos() >= since && !r.ok())
			.mapToLong(Read::startNanos)
			.max()
			.orElse(since);
	}

	private static Duration p99(List<Read> reads) {
		if (reads.isEmpty()) {
			return Duration.ZERO;
		}
		List<Duration> took = reads.stream().map(Read::took).sorted(Comparator.naturalOrder()).toList();
		return took.get(Math.min(took.size() - 1, (int) Math.ceil(took.size() * 0.99) - 1));
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
