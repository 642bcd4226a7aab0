package shop.gateway.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Mono;

import shop.gateway.GatewayProperties.Policy;

/** Takes one token from a client's bucket of a policy, wherever the buckets live. */
interface ClientRateLimiter {

	/**
	 * @param policyName {@code <namespace>|<policy>}: names the bucket family, so one client's buckets of two policies
	 * (or two shops on one Redis) never mix
	 * @param policy its capacity and refill
	 * @param clientKey whose bucket: {@code user:<sub>} or {@code client:<address>}
	 * @return whether the request may pass, and if not, when the next one may
	 */
	Mono<Decision> tryAcquire(String policyName, Policy policy, String clientKey);

	/** The answer for one request. */
	record Decision(boolean allowed, Duration retryAfter) {

		static final Decision ALLOWED = new Decision(true, Duration.ZERO);

		static Decision denied(Duration retryAfter) {
			return new Decision(false, retryAfter);
		}

	}

}
