package shop.user.ordering;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import shop.testing.ShopTestInfrastructure;
import shop.user.OrdersPlacedTopic;
import shop.user.Shoppers;
import shop.user.Shoppers.Shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placing an order asks product-service first, through the Resilience4j retry, circuit breaker and time limiter: an
 * obviously bad order is refused at once, and a product-service that is down, slow or failing never stops an order
 * from being accepted. product-service is a real HTTP server on loopback here ({@link FakeProductService}), reached
 * by a plain URL (the discovery path is the same client with a load-balanced builder).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "shop.user.product-check.load-balanced=false")
@AutoConfigureRestTestClient
@Import(ShopTestInfrastructure.class)
class ProductCheckIT {

	private static final FakeProductService productService = new FakeProductService();

	private static final UUID KETTLE = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID GRINDER = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	@Autowired
	RestTestClient http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@DynamicPropertySource
	static void productServiceUrl(DynamicPropertyRegistry registry) {
		registry.add("shop.user.product-check.url", () -> productService.url().toString());
	}

	@AfterAll
	static void stopProductService() {
		productService.close();
	}

	@BeforeEach
	void healthyProductServiceAndClosedBreaker() {
		productService.reset();
		this.breakers.circuitBreaker(ProductClient.NAME).reset();
	}

	@Test
	void refusesUnknownProductsAndLinesBeyondTheStockWith422AndPublishesNothing() {
		productService.stock(KETTLE, 1);
		Shopper shopper = new Shoppers(this.http).register();

		place(shopper, """
				{"items": [{"productId": "%s", "quantity": 1}, {"productId": "%s", "quantity": 2}]}"""
			.formatted(GRINDER, KETTLE))
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[0].field")
			.isEqualTo("items[0].productId")
			.jsonPath("$.errors[0].message")
			.isEqualTo("no such product")
			.jsonPath("$.errors[1].field")
			.isEqualTo("items[1].quantity")
			.jsonPath("$.errors[1].message")
			.isEqualTo("only 1 in stock");

		assertThat(count("SELECT count(*) FROM order_requests WHERE user_id = :user", shopper.id())).isZero();
		assertThat(count("SELECT count(*) FROM event_publication WHERE serialized_event LIKE '%' || :user || '%'",
				shopper.id().toString()))
			.isZero();
		assertThat(OrdersPlacedTopic.recordsOfUser(this.bootstrap, shopper.id())).isEmpty();
	}

	@Test
	void acceptsAnOrderProductServiceCanServe() {
		productService.stock(KETTLE, 5);
		Shopper shopper = new Shoppers(this.http).register();

		UUID orderId = accepted(shopper, KETTLE, 2);

		assertThat(productService.requests()).isEqualTo(1);
		awaitPublished(orderId);
	}

	@Test
	void acceptsTheOrderWhenProductServiceIsDownAndTheEventFlowSettlesIt() {
		productService.stop();
		Shopper shopper = new Shoppers(this.http).register();

		long started = System.nanoTime();
		UUID orderId = accepted(shopper, KETTLE, 1);
		System.out.println("PRODUCT-CHECK: order accepted with product-service down in "
				+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");

		awaitPublished(orderId);
	}

	@Test
	void acceptsTheOrderWithinTheTimeLimitWhenProductServiceIsSlow() {
		productService.stock(KETTLE, 5);
		productService.answerAfter(Duration.ofSeconds(5));
		Shopper shopper = new Shoppers(this.http).register();

		long started = System.nanoTime();
		UUID orderId = accepted(shopper, KETTLE, 1);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// The time limit is 1 s and a timeout is not retried: well before product-service's 5 s.
		System.out.println("PRODUCT-CHECK: order accepted with product-service answering after 5 s in "
				+ took.toMillis() + " ms");
		assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
		assertThat(productService.requests()).isEqualTo(1);
		awaitPublished(orderId);
	}

	@Test
	void opensTheBreakerAfterFailuresThenAcceptsOrdersWithoutAskingAndShowsItInPrometheus() {
		productService.failWith(503);
		Shopper shopper = new Shoppers(this.http).register();
		CircuitBreaker breaker = this.breakers.circuitBreaker(ProductClient.NAME);

		for (int i = 0; i < 3; i++) {
			accepted(shopper, KETTLE, 1);
		}
		// Each order is tried twice (a 5xx is retried once). The fifth failed call reaches the breaker's minimum of 5
		// calls, all failed: it opens, and the third order's retry is not let through any more.
		assertThat(productService.requests()).isEqualTo(5);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		long notPermitted = breaker.getMetrics().getNumberOfNotPermittedCalls();

		long started = System.nanoTime();
		accepted(shopper, KETTLE, 1);
		Duration whileOpen = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("PRODUCT-CHECK: order accepted with the breaker open in " + whileOpen.toMillis() + " ms");
		assertThat(whileOpen).isLessThan(Duration.ofMillis(500));
		assertThat(productService.requests()).as("an open breaker does not call").isEqualTo(5);
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermitted + 1);

		String metrics = this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		assertThat(metrics.lines()
			.filter((line) -> line.startsWith("resilience4j_circuitbreaker_state{"))
			.filter((line) -> line.contains("name=\"product-service\"") && line.contains("state=\"open\"")))
			.singleElement()
			.satisfies((line) -> assertThat(line).endsWith(" 1.0"));
		assertThat(metrics).contains("resilience4j_circuitbreaker_not_permitted_calls_total{");
		assertThat(metrics).contains("resilience4j_retry_calls_total{");
	}

	@Test
	void refusesMoreUnitsOfOneProductPerShopperThanThePurchaseLimitWhateverProductServiceSays() {
		// The limit is user-service's own rule: it holds with product-service down too.
		productService.stop();
		Shopper shopper = new Shoppers(this.http).register();
		accepted(shopper, KETTLE, 15);

		place(shopper, """
				{"items": [{"productId": "%s", "quantity": 1}, {"productId": "%s", "quantity": 6}]}"""
			.formatted(GRINDER, KETTLE))
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo("items[1].quantity")
			.jsonPath("$.errors[0].message")
			.isEqualTo("over the limit of 20 units of one product per shopper in 24 h (5 more allowed now)");

		assertThat(count("SELECT count(*) FROM order_requests WHERE user_id = :user", shopper.id()))
			.as("the refused order left nothing behind")
			.isEqualTo(1);
		accepted(shopper, KETTLE, 5);
		accepted(shopper, GRINDER, 20);
		accepted(new Shoppers(this.http).register(), KETTLE, 20);
	}

	private UUID accepted(Shopper shopper, UUID product, int quantity) {
		EntityExchangeResult<Map> result = place(shopper, """
				{"items": [{"productId": "%s", "quantity": %d}]}""".formatted(product, quantity))
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult();
		return UUID.fromString((String) result.getResponseBody().get("orderId"));
	}

	private RestTestClient.ResponseSpec place(Shopper shopper, String body) {
		return this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	private void awaitPublished(UUID orderId) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !OrdersPlacedTopic.records(this.bootstrap, orderId).isEmpty());
	}

	private long count(String sql, Object user) {
		return this.jdbc.sql(sql).param("user", user).query(Long.class).single();
	}

}
