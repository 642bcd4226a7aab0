package shop.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway guards the edge.
 *
 * @param jwksUri user-service's key set; a host name that is a service id ({@code http://user-service/...}) is
 * resolved through service discovery, so the gateway finds the keys wherever user-service runs
 * @param issuer the {@code iss} every token must carry
 * @param audience the value every token's {@code aud} must contain
 * @param rateLimits per-client token buckets, by policy name
 * @param requestLimits the largest request the gateway accepts
 * @param cors which other origins a browser may call the API from
 * @param contentSecurityPolicy the {@code Content-Security-Policy} sent with every answer
 * @param trustIncomingTraceContext whether a client's {@code traceparent}, {@code tracestate} and B3 headers are
 * honoured; false (the default) starts a fresh trace for every request from outside, so no client can force sampling
 * or choose trace ids (true only behind a proxy of your own that sets them)
 */
@Validated
@ConfigurationProperties("shop.gateway")
public record GatewayProperties(@NotNull URI jwksUri, @NotBlank String issuer, @NotBlank String audience,
		@Valid @NotNull RateLimits rateLimits, @Valid @NotNull RequestLimits requestLimits, @Valid @NotNull Cors cors,
		@NotBlank String contentSecurityPolicy, boolean trustIncomingTraceContext) {

	/**
	 * Rate limits, each a token bucket per client: the token's subject when the request carries a valid token, the
	 * client's address otherwise.
	 *
	 * @param namespace prefix of every bucket's key, so shops (or tests) sharing one Redis keep apart
	 * @param store {@code memory} (one gateway) or {@code redis} (shared by every gateway instance)
	 * @param maxKeys how many clients the in-memory store remembers at most (least recently seen are forgotten)
	 * @param policies the buckets by name, as the routes' {@code ClientRateLimit} filters name them
	 */
	public record RateLimits(@NotBlank String namespace, @NotNull Store store, @Positive int maxKeys,
			@NotEmpty Map<String, @Valid @NotNull Policy> policies) {

		/** The policy of this name; an unknown name is a configuration error. */
		public Policy policy(String name) {
			Policy policy = this.policies.get(name);
			if (policy == null) {
				throw new IllegalArgumentException(
						"No rate limit policy '" + name + "' under shop.gateway.rate-limits.policies");
			}
			return policy;
		}

	}

	/** Where the buckets live. */
	public enum Store {

		/** In this gateway's memory: right for one instance. */
		MEMORY,

		/**
		 * In Redis, with Spring Cloud Gateway's RedisRateLimiter script: one limit across all instances, failing open
		 * behind a circuit breaker.
		 */
		REDIS

	}

	/**
	 * A token bucket: {@code capacity} requests at once, refilled by {@code refillTokens} every
	 * {@code refillPeriod} (smoothly).
	 *
	 * @param capacity the burst a client may send at once
	 * @param refillTokens tokens added per period: the sustained rate
	 * @param refillPeriod the period, in whole seconds
	 */
	public record Policy(@Positive int capacity, @Positive int refillTokens, @NotNull Duration refillPeriod) {

		public Policy {
			if (refillPeriod.isNegative() || refillPeriod.isZero() || refillPeriod.toMillis() % 1000 != 0) {
				throw new IllegalArgumentException("refill-period must be a positive whole number of seconds");
			}
		}

		/** The longest a denied client waits for its next token. */
		public Duration retryAfter() {
			long seconds = this.refillPeriod.toSeconds();
			return Duration.ofSeconds(Math.max(1, (seconds + this.refillTokens - 1) / this.refillTokens));
		}

		/** How long an unused bucket takes to be full again: after that, forgetting it changes nothing. */
		public Duration timeToFill() {
			long periods = (this.capacity + this.refillTokens - 1) / this.refillTokens;
			return this.refillPeriod.multipliedBy(periods);
		}

	}

	/**
	 * @param maxBodySize larger bodies are refused with 413
	 * @param maxHeaderSize larger header blocks (names and values) are refused with 431
	 */
	public record RequestLimits(@NotNull DataSize maxBodySize, @NotNull DataSize maxHeaderSize) {
	}

	/** @param allowedOrigins origins (scheme, host, port) allowed to call the API from a browser; none by default */
	public record Cors(@NotNull List<String> allowedOrigins) {
	}

}
