package shop.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one-command local run's rate limits: buckets in the gateway's memory, and no Redis needed (the Redis port
 * here is one nothing listens on).
 */
class InMemoryRateLimitTests extends RateLimitContract {

	@DynamicPropertySource
	static void inMemory(DynamicPropertyRegistry registry) {
		registry.add("shop.gateway.rate-limits.store", () -> "memory");
		registry.add("spring.data.redis.port", () -> "1");
	}

	@Test
	void staysHealthyWithoutRedis() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	/** Without a token the client's address is the key (a real test client always comes from 127.0.0.1). */
	@Test
	void countsAnonymousClientsByTheirAddressNotByTheirHeaders() {
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/api/products")
				.header("X-Forwarded-For", "198.51.100." + i)
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.client.get()
			.uri("/api/products")
			.header("X-Forwarded-For", "198.51.100.99")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		read(token()).expectStatus().isOk();
	}

}
