package shop.gateway.ratelimit;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import shop.gateway.GatewayProperties.Policy;

/**
 * Rate limits shared by every gateway instance: the token bucket of Spring Cloud Gateway's {@link RedisRateLimiter}
 * (its Lua script, updating a bucket atomically in Redis, and its keys). It counts in whole tokens per second, so a
 * policy like "5 per minute" becomes "1 token per second, 12 tokens per request".
 * <p>
 * The script is run here rather than through {@link RedisRateLimiter#isAllowed}, which answers "allowed" to every
 * failure of Redis after logging it as an error: the failure must reach the circuit breaker in front of this store
 * ({@link FailOpenRateLimiter}), which lets requests pass (fail open) and stops asking a Redis that does not answer.
 */
final class RedisClientRateLimiter implements ClientRateLimiter {

	private final ReactiveStringRedisTemplate redis;

	private final RedisScript<List<Long>> script;

	/** The script's arguments but the client, by {@code <namespace>|<policy>}. */
	private final Map<String, List<String>> arguments = new HashMap<>();

	RedisClientRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script, String namespace,
			Map<String, Policy> policies) {
		this.redis = redis;
		this.script = script;
		policies.forEach((name, policy) -> this.arguments.put(namespace + '|' + name, arguments(redisConfig(policy))));
	}

	@Override
	public Mono<Decision> tryAcquire(String policyName, Policy policy, String clientKey) {
		List<String> arguments = this.arguments.get(policyName);
		if (arguments == null) {
			return Mono.error(new IllegalArgumentException("No rate limit policy " + policyName));
		}
		// Redis keys: request_rate_limiter.{<namespace>|<policy>.<client key>}.tokens and .timestamp
		String prefix = "request_rate_limiter.{" + policyName + '.' + clientKey + "}.";
		List<String> keys = List.of(prefix + "tokens", prefix + "timestamp");
		// Subscribed on a worker thread, not on the caller's Netty event loop: while Spring Data Redis has no
		// connection to Redis (at first, or after losing it), it opens its shared one blocking the subscribing
		// thread, under a lock every other caller then waits on (LettuceConnectionFactory's SharedConnection). A
		// Redis that took connections but never answered held the event loops for 2 s per request that way. The
		// answer still arrives on Lettuce's own threads; the hop costs a request microseconds.
		return Flux.defer(() -> this.redis.execute(this.script, keys, arguments))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapIterable((results) -> results)
			.collectList()
			.map((results) -> {
				if (results.size() != 2) {
					throw new IllegalStateException("Unexpected answer of the rate limit script: " + results);
				}
				return (results.get(0) == 1L) ? Decision.ALLOWED : Decision.denied(policy.retryAfter());
			});
	}

	/** As {@link RedisRateLimiter} passes them: rate, burst, no time (Redis' own clock), tokens per request. */
	private static List<String> arguments(RedisRateLimiter.Config config) {
		return List.of(Integer.toString(config.getReplenishRate()), Long.toString(config.getBurstCapacity()), "",
				Integer.toString(config.getRequestedTokens()));
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
