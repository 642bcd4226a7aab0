package shop.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;
import shop.gateway.ratelimit.RedisSilentRateLimitTests.SilentServer;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared rate limits when a Redis that did not answer comes back (the real Redis at 127.0.0.1:6379, or
 * {@code SHOP_TEST_REDIS_HOST}/{@code SHOP_TEST_REDIS_PORT}, behind a relay that stays silent until told): the circuit
 * breaker in front of it closes again and the limits are enforced again, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The first requests of a cold gateway on a loaded machine (C1 compiles, Redis connects).
@AutoConfigureWebTestClient(timeout = "30s")
class RedisRecoveryRateLimitTests {

	static final SilentServer redis = new SilentServer();

	static final StubBackend backend = StubBackend.start("any-service");

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	WebTestClient client;

	@Autowired
	CircuitBreakerRegistry breakers;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		TestDiscovery.stubbedShop(registry, backend::uri, issuer);
		registry.add("shop.gateway.rate-limits.store", () -> "redis");
		registry.add("shop.gateway.rate-limits.namespace", () -> "test-" + UUID.randomUUID());
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "2");
		registry.add("shop.gateway.rate-limits.policies.api.refill-tokens", () -> "1");
		registry.add("shop.gateway.rate-limits.policies.api.refill-period", () -> "60s");
		// Trial calls 1 s after opening instead of 5 s: the same path, sooner.
		registry.add("resilience4j.circuitbreaker.instances.rate-limit-store.wait-duration-in-open-state", () -> "1s");
	}

	@Test
	void closesTheBreakerAndEnforcesTheLimitsAgainOnceRedisAnswers() {
		CircuitBreaker breaker = this.breakers.circuitBreaker(RateLimitConfiguration.REDIS_STORE);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			read(token()).expectStatus().isOk();
			return breaker.getState() == State.OPEN;
		});

		long healed = System.nanoTime();
		redis.relayTo(new InetSocketAddress(env("SHOP_TEST_REDIS_HOST", "127.0.0.1"),
				Integer.parseInt(env("SHOP_TEST_REDIS_PORT", "6379"))));
		// Requests keep passing meanwhile; the first ones after the open state are the breaker's trial calls.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			read(token()).expectStatus().isOk();
			return breaker.getState() == State.CLOSED;
		});
		System.out.printf("GATEWAY-RATE-LIMIT: Redis back, breaker closed again after %d ms%n",
				Duration.ofNanos(System.nanoTime() - healed).toMillis());

		String token = token();
		read(token).expectStatus().isOk();
		read(token).expectStatus().isOk();
		read(token).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
	}

	private WebTestClient.ResponseSpec read(String token) {
		return this.client.get().uri("/api/products").header("Authorization", "Bearer " + token).exchange();
	}

	private static String token() {
		return issuer.token(UUID.randomUUID(), "USER");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
