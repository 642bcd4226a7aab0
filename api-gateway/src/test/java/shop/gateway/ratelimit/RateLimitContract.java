package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What the rate limits promise, whichever store holds the buckets: 5 requests per client (then 1 a minute), 2 order
 * placements per shopper (then 1 a minute); a refused request is 429 problem+json with Retry-After and never reaches
 * the service. Each test uses fresh shoppers; the store's namespace is fresh per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The default 5 s per exchange: the first requests of a cold gateway (C1 compiles, Redis connects) took longer on a
// loaded machine; what the tests count is answers, not time.
@AutoConfigureWebTestClient(timeout = "30s")
abstract class RateLimitContract {

	/**
	 * Every service but user-service, shared by the classes of both stores and living as long as the test JVM (daemon
	 * threads), like the issuer: each class has a gateway of its own, so neither may stop them for the other.
	 */
	static final StubBackend backend = StubBackend.start("any-service");

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	WebTestClient client;

	/** All but the store, which each class names with a {@code @DynamicPropertySource} of its own. */
	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		// user-service serves the keys and takes the orders: the test issuer plays it (it answers 404 to orders,
		// which is an answer, so the limit still counts the request).
		TestDiscovery.stubbedShop(registry, backend::uri, issuer);
		registry.add("shop.gateway.rate-limits.namespace", () -> "test-" + UUID.randomUUID());
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "5");
		registry.add("shop.gateway.rate-limits.policies.api.refill-tokens", () -> "1");
		registry.add("shop.gateway.rate-limits.policies.api.refill-period", () -> "60s");
		registry.add("shop.gateway.rate-limits.policies.order-placement.capacity", () -> "2");
		registry.add("shop.gateway.rate-limits.policies.order-placement.refill-tokens", () -> "1");
		registry.add("shop.gateway.rate-limits.policies.order-placement.refill-period", () -> "60s");
	}

	@Test
	void refusesAShopperOverTheLimitWith429RetryAfterAndProblemJsonWithoutCallingTheService() {
		String token = token();
		for (int i = 0; i < 5; i++) {
			read(token).expectStatus().isOk();
		}
		int served = backend.received.size();

		String retryAfter = read(token).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.returnResult()
			.getResponseHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);

		assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
		assertThat(backend.received).hasSize(served);
		read(token()).expectStatus().isOk();
		String metrics = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).as("refusals counted per policy")
			.containsPattern("shop_gateway_rate_limited_total\\{[^}]*policy=\"api\"[^}]*} [1-9]");
	}

	@Test
	void countsTheTokensSubjectWhateverHeadersTheClientSends() {
		String token = token();
		for (int i = 0; i < 5; i++) {
			read(token).expectStatus().isOk();
		}
		this.client.get()
			.uri("/api/products")
			.header("Authorization", "Bearer " + token)
			.header("X-Forwarded-For", "203.0.113.7")
			.header("X-Real-IP", "203.0.113.8")
			.header("X-User-Id", UUID.randomUUID().toString())
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void limitsOrderPlacementMoreStrictlyThanReads() {
		String token = token();
		for (int i = 0; i < 2; i++) {
			placeOrder(token).expectStatus().value((status) -> assertThat(status).isNotEqualTo(429));
		}
		placeOrder(token).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "60")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		read(token).expectStatus().isOk();
	}

	@Test
	void letsExactlyTheBurstThroughWhen50RequestsArriveAtOnce() throws Exception {
		read(token()).expectStatus().isOk(); // the store's first use (Redis loads its script) is not measured
		String token = token();
		ExecutorService senders = Executors.newFixedThreadPool(10);
		try {
			long start = System.nanoTime();
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				answers.add(senders.submit(() -> read(token).returnResult(String.class).getStatus().value()));
			}
			Map<Integer, Long> byStatus = new TreeMap<>();
			for (Future<Integer> answer : answers) {
				byStatus.merge(answer.get(30, TimeUnit.SECONDS), 1L, Long::sum);
			}
			System.out.printf("GATEWAY-RATE-LIMIT: %s store, 50 concurrent requests of one shopper (burst 5): %s in"
					+ " %d ms%n", getClass().getSimpleName().startsWith("Redis") ? "redis" : "in-memory", byStatus,
					Duration.ofNanos(System.nanoTime() - start).toMillis());
			assertThat(byStatus).containsExactly(entry(200, 5L), entry(429, 45L));
		}
		finally {
			senders.shutdownNow();
		}
	}

	WebTestClient.ResponseSpec read(String token) {
		return this.client.get().uri("/api/products").header("Authorization", "Bearer " + token).exchange();
	}

	WebTestClient.ResponseSpec placeOrder(String token) {
		return this.client.post()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"items\":[{\"productId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}]}")
			.exchange();
	}

	String token() {
		return issuer.token(UUID.randomUUID(), "USER");
	}

}
