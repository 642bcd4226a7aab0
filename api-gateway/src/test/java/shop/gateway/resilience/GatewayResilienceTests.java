package shop.gateway.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.BreakingBackend;
import shop.gateway.Burst;
import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's Resilience4j per service, against real servers on loopback: a slow product-service (time limit),
 * a broken order-service (breaker opens, answers 503 at once, closes when the service heals) and a broken
 * user-service (which requests are retried). Numbers go to the test output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class GatewayResilienceTests {

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	static final StubBackend slowProducts = StubBackend.start("product-service");

	static final BreakingBackend brokenOrders = new BreakingBackend();

	static final BreakingBackend brokenUsers = new BreakingBackend();

	@Autowired
	WebTestClient client;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	BulkheadRegistry bulkheads;

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		TestDiscovery.withoutConsul(registry);
		TestDiscovery.keysFrom(registry, issuer);
		TestDiscovery.instance(registry, "product-service", slowProducts::uri);
		TestDiscovery.instance(registry, "order-service", brokenOrders::uri);
		TestDiscovery.instance(registry, "user-service", brokenUsers::uri);
		// A time limit other than every default (1 s of the reactive breaker, 3 s of application.yml), with room
		// for a loaded machine between the slow answer (1.5 s) and the limit.
		registry.add("resilience4j.timelimiter.instances.product-service.timeout-duration", () -> "4s");
		registry.add("resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state", () -> "2s");
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "100000");
	}

	@AfterAll
	static void stop() {
		slowProducts.close();
		brokenOrders.close();
		brokenUsers.close();
		issuer.close();
	}

	/**
	 * Spring Cloud CircuitBreaker puts a semaphore bulkhead around every call, 25 at once by default: the 26th
	 * concurrent request was answered 500. Forty shoppers reading at once must all be served.
	 */
	@Test
	void servesFortyConcurrentRequestsToOneServiceDespiteTheDefaultBulkhead() throws Exception {
		int concurrent = 40;
		Callable<Integer> read = () -> this.client.get()
			.uri("/api/products?delay=500")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
		List<Integer> statuses = Burst.send(Collections.nCopies(concurrent, read));
		assertThat(statuses).as("statuses of %d concurrent reads", concurrent).containsOnly(200);
		assertThat(this.bulkheads.bulkhead("product-service").getBulkheadConfig().getMaxConcurrentCalls())
			.isEqualTo(200);
	}

	@Test
	void appliesTheServicesOwnTimeLimitNotTheOneSecondDefault() {
		this.client.get().uri("/api/products").exchange().expectStatus().isOk();
		long start = System.nanoTime();
		this.client.get().uri("/api/products?delay=1500").exchange().expectStatus().isOk();
		Duration slowButInTime = since(start);

		start = System.nanoTime();
		this.client.get()
			.uri("/api/products?delay=8000")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		Duration cutOff = since(start);

		report("1.5 s answer with a 4 s limit: 200 after %d ms; 8 s answer: 504 after %d ms", slowButInTime,
				cutOff);
		assertThat(slowButInTime).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(cutOff).isBetween(Duration.ofMillis(3950), Duration.ofMillis(7000));
	}

	@Test
	void opensTheBreakerWithinSecondsAnswers503AtOnceAndClosesWhenTheServiceHeals() {
		String token = issuer.token(UUID.randomUUID(), "USER");
		CircuitBreaker breaker = this.breakers.circuitBreaker("order-service");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

		long start = System.nanoTime();
		int failedCalls = 0;
		while (breaker.getState() != CircuitBreaker.State.OPEN && failedCalls < 50) {
			this.client.get()
				.uri("/api/orders")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.BAD_GATEWAY)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			failedCalls++;
		}
		Duration tripTime = since(start);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		int attemptsWhenOpened = brokenOrders.attempts.size();
		List<Duration> openAnswers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long asked = System.nanoTime();
			this.client.get()
				.uri("/api/orders")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(503);
			openAnswers.add(since(asked));
		}
		assertThat(brokenOrders.attempts).as("no call reaches the service while open").hasSize(attemptsWhenOpened);
		Collections.sort(openAnswers);
		report("order-service breaker opened after %d failing calls in %d ms; 20 answers while open: median %d ms,"
				+ " max %d ms", failedCalls, tripTime, openAnswers.get(10), openAnswers.get(19));
		assertThat(failedCalls).isEqualTo(5);
		assertThat(tripTime).isLessThan(Duration.ofSeconds(5));
		assertThat(openAnswers.get(10)).isLessThan(Duration.ofMillis(200));
		assertThat(openAnswers.get(19)).isLessThan(Duration.ofSeconds(1));

		String metrics = prometheus();
		assertThat(metrics).containsPattern(
				"resilience4j_circuitbreaker_state\\{[^}]*name=\"order-service\"[^}]*state=\"open\"[^}]*} 1\\.0");
		assertThat(metrics).containsPattern(
				"resilience4j_circuitbreaker_not_permitted_calls_total\\{[^}]*name=\"order-service\"[^}]*} 20\\.0");
		assertThat(metrics).containsPattern(
				"resilience4j_circuitbreaker_calls_seconds_count\\{[^}]*kind=\"failed\"[^}]*name=\"order-service\"[^}]*} 5\n");

		brokenOrders.heal();
		long healed = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			this.client.get()
				.uri("/api/orders")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
		report("order-service breaker closed %d ms after the service healed (open state lasts 2 s here)",
				since(healed));
		assertThat(prometheus()).containsPattern(
				"resilience4j_circuitbreaker_state\\{[^}]*name=\"order-service\"[^}]*state=\"closed\"[^}]*} 1\\.0");
	}

	@Test
	void retriesReadsAndKeyedOrdersButNeverAnUnkeyedPost() {
		String token = issuer.token(UUID.randomUUID(), "USER");

		this.client.get()
			.uri("/api/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(brokenUsers.attemptsAt("GET", "/api/users/me")).isEqualTo(3);

		String order = "{\"items\":[{\"productId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}]}";
		this.client.post()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(brokenUsers.attemptsAt("POST", "/api/orders")).as("a POST without key is sent once")
			.isEqualTo(1);

		String key = UUID.randomUUID().toString();
		this.client.post()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY);
		List<BreakingBackend.Attempt> keyed = brokenUsers.attempts.stream()
			.filter((attempt) -> key.equals(attempt.idempotencyKey()))
			.toList();
		assertThat(keyed).as("a POST with an Idempotency-Key is retried, with its body").hasSize(3);
		assertThat(keyed).allSatisfy((attempt) -> assertThat(attempt.bodyLength()).isEqualTo(order.length()));
	}

	private String prometheus() {
		EntityExchangeResult<String> result = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		return result.getResponseBody();
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void report(String format, Object... args) {
		Object[] millis = new Object[args.length];
		for (int i = 0; i < args.length; i++) {
			millis[i] = (args[i] instanceof Duration duration) ? duration.toMillis() : args[i];
		}
		System.out.println("GATEWAY-RESILIENCE: " + String.format(format, millis));
	}

}
