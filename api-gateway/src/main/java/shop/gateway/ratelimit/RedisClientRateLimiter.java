package shop.gateway.ratelimit;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import shop.gateway.GatewayProperties.Policy;

/**
 * Rate limits shared by every gateway instance: Spring Cloud Gateway's {@link RedisRateLimiter} (a token bucket
 * updated atomically by a Lua script in Redis). It counts in whole tokens per second, so a policy like "5 per
 * minute" becomes "1 token per second, 12 tokens per request". When Redis does not answer it lets requests pass
 * (fail open): an outage of Redis must not take the shop down with it.
 */
final class RedisClientRateLimiter implements ClientRateLimiter {

	private final RedisRateLimiter limiter;

	RedisClientRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script,
			ConfigurationService configurationService, String namespace, Map<String, Policy> policies) {
		this.limiter = new RedisRateLimiter(redis, script, configurationService);
		this.limiter.setIncludeHeaders(false);
		policies.forEach((name, policy) -> this.limiter.getConfig().put(namespace + '|' + name, redisConfig(policy)));
	}

	@Override
	public Mono<Decision> tryAcquire(String policyName, Policy policy, String clientKey) {
		// Redis keys: request_rate_limiter.{<namespace>|<policy>.<client key>}.tokens and .timestamp
		return this.limiter.isAllowed(policyName, clientKey)
			.map((response) -> response.isAllowed() ? Decision.ALLOWED : Decision.denied(policy.retryAfter()));
	}

	static RedisRateLimiter.Config redisConfig(Policy policy) {
		long seconds = policy.refillPeriod().toSeconds();
		long divisor = BigInteger.valueOf(policy.refillTokens()).gcd(BigInteger.valueOf(seconds)).longValue();
		int tokensPerSecond = Math.toIntExact(policy.refillTokens() / divisor);
		int tokensPerRequest = Math.toIntExact(seconds / divisor);
		return new RedisRateLimiter.Config().setReplenishRate(tokensPerSecond)
			.setRequestedTokens(tokensPerRequest)
			.setBurstCapacity(Math.multiplyExact(policy.capacity(), tokensPerRequest));
	}

}
