package shop.gateway.ratelimit;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import shop.gateway.GatewayProperties.Policy;

/**
 * A store of buckets that may fail (Redis), behind a time limit and a circuit breaker, failing open: whatever goes
 * wrong, the request passes. Without the breaker a hung Redis cost every request a full time limit; with it, once
 * the store has failed often enough, requests pass at once without asking it, and a few trial calls later find out
 * whether it is back.
 * <p>
 * Each request that passes unchecked is counted in {@value #FAIL_OPEN} by reason ({@code timeout}, {@code error},
 * {@code breaker-open}) so that operators see when the limits are not enforced; the log says so once per change of
 * the breaker's state, not once per request.
 */
final class FailOpenRateLimiter implements ClientRateLimiter {

	/** shop_gateway_rate_limit_fail_open_total{reason,policy} in Prometheus. */
	static final String FAIL_OPEN = "shop.gateway.rate.limit.fail.open";

	private static final Logger logger = LoggerFactory.getLogger(FailOpenRateLimiter.class);

	private final ClientRateLimiter store;

	private final CircuitBreaker breaker;

	private final TimeLimiter timeLimiter;

	private final MeterRegistry meters;

	/** The store's latest failure, named in the log when the breaker opens. */
	private volatile Throwable lastFailure;

	FailOpenRateLimiter(ClientRateLimiter store, CircuitBreaker breaker, TimeLimiter timeLimiter,
			MeterRegistry meters) {
		this.store = store;
		this.breaker = breaker;
		this.timeLimiter = timeLimiter;
		this.meters = meters;
		breaker.getEventPublisher().onStateTransition((event) -> logTransition(event.getStateTransition()));
	}

	@Override
	public Mono<Decision> tryAcquire(String policyName, Policy policy, String clientKey) {
		// Deferred, so that an open breaker refuses the call before the store is even asked for its Mono. The time
		// limit is inside the breaker: a store that does not answer in time is a failure the breaker counts.
		return Mono.defer(() -> this.store.tryAcquire(policyName, policy, clientKey))
			.transformDeferred(TimeLimiterOperator.of(this.timeLimiter))
			.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.onErrorResume((ex) -> Mono.just(failOpen(policyName, ex)));
	}

	private Decision failOpen(String policyName, Throwable ex) {
		String reason;
		if (ex instanceof CallNotPermittedException) {
			reason = "breaker-open";
		}
		else {
			reason = (ex instanceof TimeoutException) ? "timeout" : "error";
			this.lastFailure = ex;
			logger.debug("Rate limit store failed, request passes unlimited", ex);
		}
		Counter.builder(FAIL_OPEN)
			.description("Requests let through unlimited because the rate limit store failed or its breaker is open")
			.tag("reason", reason)
			.tag("policy", policyName.substring(policyName.lastIndexOf('|') + 1))
			.register(this.meters)
			.increment();
		return Decision.ALLOWED;
	}

	private void logTransition(StateTransition transition) {
		String name = this.breaker.getName();
		switch (transition.getToState()) {
			case OPEN, FORCED_OPEN -> logger.warn("Rate limits NOT enforced: their store keeps failing (last: {}),"
					+ " circuit breaker '{}' {} -> {}: requests pass unlimited without asking it, counted in {}",
					this.lastFailure, name, transition.getFromState(), transition.getToState(), FAIL_OPEN);
			case CLOSED -> logger.info("Rate limits enforced again: their store answers, circuit breaker '{}' {} -> {}",
					name, transition.getFromState(), transition.getToState());
			default -> logger.info("Circuit breaker '{}' {} -> {}", name, transition.getFromState(),
					transition.getToState());
		}
	}

}
