package shop.gateway.ratelimit;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import shop.gateway.GatewayProperties;
import shop.gateway.GatewayProperties.Policy;
import shop.gateway.error.ProblemResponses;

/**
 * The {@code ClientRateLimit=<policy>} route filter: one token per request from the client's bucket of that policy,
 * else 429 problem+json with {@code Retry-After}. It runs before the circuit breaker and the retries, so a refused
 * request costs no backend call and a retried one costs one token.
 * <p>
 * Spring Cloud Gateway's own {@code RequestRateLimiter} filter answers 429 with an empty body and no
 * {@code Retry-After}; this one keeps the shop's error format and tells the client when to come back.
 */
@Component
class ClientRateLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<ClientRateLimitGatewayFilterFactory.Config> {

	/** Before every route filter (they are ordered 1, 2, ... by position). */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private final ClientRateLimiter limiter;

	private final GatewayProperties properties;

	private final ProblemResponses problems;

	private final MeterRegistry meters;

	ClientRateLimitGatewayFilterFactory(ClientRateLimiter limiter, GatewayProperties properties,
			ProblemResponses problems, MeterRegistry meters) {
		super(Config.class);
		this.limiter = limiter;
		this.properties = properties;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("policy");
	}

	@Override
	public GatewayFilter apply(Config config) {
		Policy policy = this.properties.rateLimits().policy(config.getPolicy());
		String name = this.properties.rateLimits().namespace() + '|' + config.getPolicy();
		// shop_gateway_rate_limited_total{policy}: how often clients hit each limit.
		Counter refused = Counter.builder("shop.gateway.rate.limited")
			.description("Requests refused with 429 by a rate limit")
			.tag("policy", config.getPolicy())
			.register(this.meters);
		return new OrderedGatewayFilter((exchange, chain) -> ClientKeys.of(exchange)
			.flatMap((key) -> this.limiter.tryAcquire(name, policy, key))
			.flatMap((decision) -> {
				if (decision.allowed()) {
					return chain.filter(exchange);
				}
				refused.increment();
				return this.problems.tooManyRequests(exchange, decision.retryAfter());
			}), ORDER);
	}

	/** Which policy a route applies. */
	public static class Config {

		private String policy;

		public String getPolicy() {
			return this.policy;
		}

		public void setPolicy(String policy) {
			this.policy = policy;
		}

	}

}
