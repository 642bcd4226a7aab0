package shop.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;

import shop.gateway.GatewayProperties.Policy;

/**
 * Rate limits held by this gateway alone: Bucket4j token buckets (lock-free, exact refill arithmetic) in a bounded
 * Caffeine cache, so a flood of distinct clients costs at most {@code maxKeys} buckets. A bucket forgotten after it
 * has been idle long enough to be full again is recreated full: forgetting it loses nothing.
 */
final class InMemoryRateLimiter implements ClientRateLimiter {

	private final Cache<String, Bucket> buckets;

	private final TimeMeter clock;

	InMemoryRateLimiter(int maxKeys, Duration idleUntilFull, TimeMeter clock) {
		this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(idleUntilFull).build();
		this.clock = clock;
	}

	@Override
	public Mono<Decision> tryAcquire(String policyName, Policy policy, String clientKey) {
		Bucket bucket = this.buckets.get(policyName + '|' + clientKey, (key) -> newBucket(policy));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return Mono.just(probe.isConsumed() ? Decision.ALLOWED
				: Decision.denied(Duration.ofNanos(probe.getNanosToWaitForRefill())));
	}

	/** How many clients' buckets are held right now (after pending evictions). */
	long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private Bucket newBucket(Policy policy) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(policy.capacity())
				.refillGreedy(policy.refillTokens(), policy.refillPeriod()))
			.withCustomTimePrecision(this.clock)
			.build();
	}

}
