package shop.systemtests;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.systemtests.RunningShop.Placed;
import shop.systemtests.RunningShop.Shopper;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling orders in the whole shop, through the gateway alone: the compensating step of the saga (order-service
 * publishes OrderCancelled, product-service gives the reserved stock back once and answers StockReleased) with every
 * service, Kafka and Consul as their own processes. The stock is the proof: it comes back exactly, and a cancel that
 * races the reservation never loses or doubles a unit.
 */
@Order(3)
@ExtendWith(RunningShop.Extension.class)
class CancellationIT {

	private static final int RACING_ORDERS = 10;

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(45);

	private final RunningShop shop;

	CancellationIT(RunningShop shop) {
		this.shop = shop;
	}

	@Test
	void cancellingAConfirmedOrderGivesItsStockBackExactly() {
		Shopper shopper = this.shop.register();
		UUID product = this.shop.createProduct(new BigDecimal("12.50"), 10);
		Placed placed = this.shop.place(shopper, Map.of(product, 3), null);
		assertThat(this.shop.awaitFinal(placed).path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(this.shop.stock(product)).isEqualTo(7);

		ShopClient.Response cancelled = cancel(placed.orderId(), shopper);

		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		JsonNode order = awaitHistory(placed.orderId(), shopper, "STOCK_RELEASED");
		assertThat(order.path("history").findValuesAsString("status")).containsSubsequence("CONFIRMED", "CANCELLED");
		assertThat(this.shop.stock(product)).as("the 3 units are back, once").isEqualTo(10);
	}

	@Test
	void refusesASecondCancelAndAnotherShoppersCancel() {
		Shopper owner = this.shop.register();
		Shopper other = this.shop.register();
		UUID product = this.shop.createProduct(new BigDecimal("3.00"), 5);
		Placed placed = this.shop.place(owner, Map.of(product, 1), null);
		this.shop.awaitFinal(placed);

		ShopClient.Response foreign = cancel(placed.orderId(), other);
		assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
		assertThat(foreign.header("Content-Type")).startsWith("application/problem+json");
		assertThat(status(placed.orderId(), owner)).as("another shopper's cancel changed nothing")
			.isEqualTo("CONFIRMED");

		assertThat(cancel(placed.orderId(), owner).status()).isEqualTo(200);
		ShopClient.Response again = cancel(placed.orderId(), owner);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.header("Content-Type")).startsWith("application/problem+json");
		assertThat(again.json().path("status").asInt()).isEqualTo(409);
		awaitHistory(placed.orderId(), owner, "STOCK_RELEASED");
		assertThat(this.shop.stock(product)).isEqualTo(5);
	}

	/**
	 * Orders cancelled the moment they are accepted, while the reservation is in flight: each ends CANCELLED, or the
	 * cancel is refused with 409 and the order stays CONFIRMED or REJECTED; the stock then holds exactly what the
	 * kept orders took. More demand than stock, so some orders are rejected too.
	 */
	@Test
	void cancelsRacingTheReservationNeverLoseOrDoubleStock() throws Exception {
		int initial = 12;
		int quantity = 2;
		UUID product = this.shop.createProduct(new BigDecimal("1.00"), initial);
		List<Shopper> shoppers = new ArrayList<>();
		for (int i = 0; i < RACING_ORDERS; i++) {
			shoppers.add(this.shop.register());
		}
		List<Outcome> outcomes = new ArrayList<>();
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(5);
		try {
			List<Future<Outcome>> futures = new ArrayList<>();
			for (Shopper shopper : shoppers) {
				futures.add(pool.submit(() -> placeAndCancelAtOnce(shopper, product, quantity)));
			}
			for (Future<Outcome> future : futures) {
				outcomes.add(future.get());
			}
		}
		finally {
			pool.shutdownNow();
		}

		int kept = 0;
		int cancelled = 0;
		int cancelledBeforeConfirmation = 0;
		int refusedAtOnce = 0;
		for (Outcome outcome : outcomes) {
			if (outcome.placed() == null) {
				refusedAtOnce++;
				continue;
			}
			JsonNode order = this.shop.awaitFinal(outcome.placed());
			String status = order.path("status").asString();
			if (outcome.cancelStatus() == 200) {
				assertThat(status).as(order.toString()).isEqualTo("CANCELLED");
				cancelled++;
				if (!order.path("history").findValuesAsString("status").contains("CONFIRMED")) {
					cancelledBeforeConfirmation++;
				}
			}
			else {
				assertThat(outcome.cancelStatus()).as(order.toString()).isEqualTo(409);
				assertThat(status).as(order.toString()).isIn("CONFIRMED", "REJECTED");
				if (status.equals("CONFIRMED")) {
					kept += quantity;
				}
			}
		}
		int expected = initial - kept;
		await().atMost(SETTLE_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(this.shop.stock(product)).isEqualTo(expected));
		long settledMillis = (System.nanoTime() - started) / 1_000_000;
		// A late second release would show now: the stock must stay where it settled.
		Thread.sleep(1_000);
		assertThat(this.shop.stock(product)).as("stock after it settled").isEqualTo(expected);
		assertThat(cancelled).as("cancels that went through").isPositive();
		this.shop.report("cancel race",
				RACING_ORDERS + " orders cancelled at once: " + cancelled + " CANCELLED (" + cancelledBeforeConfirmation
						+ " before confirmation), " + (RACING_ORDERS - cancelled - refusedAtOnce) + " refused 409, "
						+ refusedAtOnce + " refused at placement (422), stock exact after "
						+ RunningShop.seconds(Duration.ofMillis(settledMillis)));
	}

	/** Places an order and cancels it as soon as order-service knows it (404 until the placement event arrives). */
	private Outcome placeAndCancelAtOnce(Shopper shopper, UUID product, int quantity) {
		ShopClient.Response response = this.shop.tryPlace(shopper, Map.of(product, quantity), null);
		// 422: user-service's availability check already saw too little stock; nothing was ordered, nothing to cancel.
		assertThat(response.status()).as(response.toString()).isIn(202, 422);
		if (response.status() == 422) {
			return new Outcome(null, 422);
		}
		Placed placed = new Placed(UUID.fromString(response.json().path("orderId").asString()), shopper, response);
		ShopClient.Response[] last = new ShopClient.Response[1];
		await().atMost(SETTLE_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
			last[0] = cancel(placed.orderId(), shopper);
			// 429: the gateway's per-shopper rate limit; try again like a client would.
			return last[0].status() != 404 && last[0].status() != 429;
		});
		return new Outcome(placed, last[0].status());
	}

	private JsonNode awaitHistory(UUID orderId, Shopper shopper, String reason) {
		JsonNode[] order = new JsonNode[1];
		await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			ShopClient.Response response = this.shop.client().get(this.shop.gateway(), "/api/orders/" + orderId,
					shopper.token());
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			order[0] = response.json();
			assertThat(order[0].path("history").findValuesAsString("reason")).as(response.toString()).contains(reason);
		});
		return order[0];
	}

	private String status(UUID orderId, Shopper shopper) {
		return this.shop.client()
			.get(this.shop.gateway(), "/api/orders/" + orderId, shopper.token())
			.json()
			.path("status")
			.asString();
	}

	private ShopClient.Response cancel(UUID orderId, Shopper shopper) {
		return this.shop.client()
			.post(this.shop.gateway(), "/api/orders/" + orderId + "/cancel", shopper.token(), Map.of(), Map.of());
	}

	private record Outcome(Placed placed, int cancelStatus) {
	}

}
