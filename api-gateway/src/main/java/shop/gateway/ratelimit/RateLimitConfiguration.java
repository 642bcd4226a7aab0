package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import shop.gateway.GatewayProperties;
import shop.gateway.GatewayProperties.Policy;

/** Chooses where the rate limits' buckets live: {@code shop.gateway.rate-limits.store} = memory (default) or redis. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/**
	 * The Resilience4j circuit breaker and time limit in front of Redis, configured as
	 * {@code resilience4j.circuitbreaker.instances.rate-limit-store} and {@code resilience4j.timelimiter.instances.
	 * rate-limit-store}.
	 */
	static final String REDIS_STORE = "rate-limit-store";

	@Bean
	@ConditionalOnProperty(name = "shop.gateway.rate-limits.store", havingValue = "redis")
	ClientRateLimiter sharedRedisRateLimits(ReactiveStringRedisTemplate redis,
			@Qualifier("redisRequestRateLimiterScript") RedisScript<List<Long>> script, GatewayProperties properties,
			CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters, MeterRegistry meters) {
		RedisClientRateLimiter store = new RedisClientRateLimiter(redis, script, properties.rateLimits().namespace(),
				properties.rateLimits().policies());
		return new FailOpenRateLimiter(store, breakers.circuitBreaker(REDIS_STORE),
				timeLimiters.timeLimiter(REDIS_STORE), meters);
	}

	@Bean
	@ConditionalOnProperty(name = "shop.gateway.rate-limits.store", havingValue = "memory", matchIfMissing = true)
	ClientRateLimiter inMemoryRateLimits(GatewayProperties properties) {
		Duration idleUntilFull = properties.rateLimits()
			.policies()
			.values()
			.stream()
			.map(Policy::timeToFill)
			.max(Duration::compareTo)
			.orElseThrow();
		return new InMemoryRateLimiter(properties.rateLimits().maxKeys(), idleUntilFull,
				TimeMeter.SYSTEM_NANOTIME);
	}

}
