package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.TimeMeter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import shop.gateway.GatewayProperties;
import shop.gateway.GatewayProperties.Policy;

/** Chooses where the rate limits' buckets live: {@code shop.gateway.rate-limits.store} = memory (default) or redis. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	@ConditionalOnProperty(name = "shop.gateway.rate-limits.store", havingValue = "redis")
	ClientRateLimiter sharedRedisRateLimits(ReactiveStringRedisTemplate redis,
			@Qualifier("redisRequestRateLimiterScript") RedisScript<List<Long>> script,
			ConfigurationService configurationService, GatewayProperties properties) {
		return new RedisClientRateLimiter(redis, script, configurationService, properties.rateLimits().namespace(),
				properties.rateLimits().policies());
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
