package shop.gateway.admission;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import shop.gateway.error.ProblemResponses;

/**
 * The {@code Admission=<bulkhead>} route filter: admission control. At most the bulkhead's
 * {@code max-concurrent-calls} requests of the route are in the backend at once (per gateway instance); one more
 * is answered 503 problem+json with {@code Retry-After} at once, without waiting (the bulkhead's
 * {@code max-wait-duration} should be 0). Past the backend's capacity more concurrency only lengthens its queue, so
 * under overload the excess is shed in milliseconds while the admitted requests keep their usual latency.
 * <p>
 * It runs after the client's rate limit (a shopper over their own limit gets 429 and takes no slot) and before the
 * retries and the circuit breaker, so a retry of an admitted request keeps its slot instead of queueing again.
 */
@Component
class AdmissionGatewayFilterFactory extends AbstractGatewayFilterFactory<AdmissionGatewayFilterFactory.Config> {

	/** Right after the rate limits (ClientRateLimit), before every positional route filter. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1001;

	/** A slot frees as soon as one admitted request ends: a second is soon enough to try again. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final BulkheadRegistry bulkheads;

	private final ProblemResponses problems;

	private final MeterRegistry meters;

	AdmissionGatewayFilterFactory(BulkheadRegistry bulkheads, ProblemResponses problems, MeterRegistry meters) {
		super(Config.class);
		this.bulkheads = bulkheads;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("bulkhead");
	}

	@Override
	public GatewayFilter apply(Config config) {
		Bulkhead bulkhead = this.bulkheads.bulkhead(config.getBulkhead());
		// shop_gateway_shed_total{bulkhead}: requests turned away by admission control.
		Counter shed = Counter.builder("shop.gateway.shed")
			.description("Requests answered 503 by admission control, without calling the backend")
			.tag("bulkhead", config.getBulkhead())
			.register(this.meters);
		return new OrderedGatewayFilter((exchange, chain) -> {
			if (!bulkhead.tryAcquirePermission()) {
				shed.increment();
				return this.problems.overloaded(exchange, RETRY_AFTER);
			}
			// Released once, however the exchange ends: answered, failed, or cancelled by the client.
			return chain.filter(exchange).doFinally((signal) -> bulkhead.onComplete());
		}, ORDER);
	}

	/** Which bulkhead (resilience4j.bulkhead.instances.<name>) a route is admitted through. */
	public static class Config {

		private String bulkhead;

		public String getBulkhead() {
			return this.bulkhead;
		}

		public void setBulkhead(String bulkhead) {
			this.bulkhead = bulkhead;
		}

	}

}
