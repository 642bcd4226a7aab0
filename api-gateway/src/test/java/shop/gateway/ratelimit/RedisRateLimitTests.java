package shop.gateway.ratelimit;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import shop.gateway.GatewayProperties;

import static org.assertj.core.api.Assertions.assertThat;

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
	ConfigurationService configurationService;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("shop.gateway.rate-limits.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> env("SHOP_TEST_REDIS_HOST", "127.0.0.1"));
		registry.add("spring.data.redis.port", () -> env("SHOP_TEST_REDIS_PORT", "6379"));
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
				new ReactiveStringRedisTemplate(this.redisConnections), this.script, this.configurationService,
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

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
