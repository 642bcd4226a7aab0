package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import shop.gateway.GatewayProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The distributed rate limits against the real Redis at 127.0.0.1:6379 (this machine's and CI's; set
 * {@code SHOP_TEST_REDIS_HOST}/{@code SHOP_TEST_REDIS_PORT} for another). Fails, never skips, without it.
 */
class RedisRateLimitTests extends RateLimitContract {

	@Autowired
	GatewayProperties properties;

	@Autowired
	ReactiveRedisConnectionFactory redisConnections;

	@Autowired
	@Qualifier("redisRequestRateLimiterScript")
	RedisScript<List<Long>> script;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("shop.gateway.rate-limits.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> env("SHOP_TEST_REDIS_HOST", "127.0.0.1"));
		registry.add("spring.data.redis.port", () -> env("SHOP_TEST_REDIS_PORT", "6379"));
	}

	/**
	 * A cold gateway's first call to Redis (it connects, loads the script, compiles the path) took more than the
	 * store's time limit on a loaded machine, and that request passed unchecked (fails open, as it should): the
	 * contract is about a store that answers, so each test starts once one decision came from Redis in time.
	 */
	@BeforeEach
	void warmUp() {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			double failedOpen = failedOpen();
			read(token()).expectStatus().isOk();
			return failedOpen() == failedOpen;
		});
	}

	@Test
	void usesRedisSoASecondGatewaySeesTheSameBuckets() {
		assertThat(this.redisConnections).isInstanceOf(LettuceConnectionFactory.class);
		UUID shopper = UUID.randomUUID();
		String token = issuer.token(shopper, "USER");
		for (int i = 0; i < 5; i++) {
			read(token).expectStatus().isOk();
		}

		// Another gateway instance: its own limiter object, the same Redis and configuration.
		ClientRateLimiter secondGateway = new RedisClientRateLimiter(
				new ReactiveStringRedisTemplate(this.redisConnections), this.script,
				this.properties.rateLimits().namespace(), this.properties.rateLimits().policies());
		String api = this.properties.rateLimits().namespace() + "|api";
		ClientRateLimiter.Decision there = secondGateway
			.tryAcquire(api, this.properties.rateLimits().policy("api"), "user:" + shopper)
			.block();
		ClientRateLimiter.Decision forSomeoneElse = secondGateway
			.tryAcquire(api, this.properties.rateLimits().policy("api"), "user:" + UUID.randomUUID())
			.block();

		assertThat(there.allowed()).as("the first gateway emptied this shopper's bucket in Redis").isFalse();
		assertThat(forSomeoneElse.allowed()).isTrue();
		String tokensKey = "request_rate_limiter.{" + api + ".user:" + shopper + "}.tokens";
		assertThat(new ReactiveStringRedisTemplate(this.redisConnections).hasKey(tokensKey).block()).isTrue();
	}

	private double failedOpen() {
		return this.meters.find(FailOpenRateLimiter.FAIL_OPEN).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
