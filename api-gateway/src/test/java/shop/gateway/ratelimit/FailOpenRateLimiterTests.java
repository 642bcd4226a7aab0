package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.RedisConnectionFailureException;

import shop.gateway.GatewayProperties.Policy;
import shop.gateway.ratelimit.ClientRateLimiter.Decision;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker's state machine against a store that hangs, fails, then answers again: a store of our own making, as
 * Redis cannot be told to hang and heal on cue. {@code RedisSilentRateLimitTests} and
 * {@code RedisRecoveryRateLimitTests} show the same against real servers.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailOpenRateLimiterTests {

	private static final Duration TIME_LIMIT = Duration.ofMillis(300);

	private static final Duration OPEN_FOR = Duration.ofMillis(200);

	private final Policy policy = new Policy(2, 1, Duration.ofMinutes(1));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** What the store answers to the next question, and how many it was asked. */
	private final AtomicReference<Mono<Decision>> answer = new AtomicReference<>(Mono.never());

	private final AtomicInteger asked = new AtomicInteger();

	private final ClientRateLimiter store = (policyName, policy, clientKey) -> {
		this.asked.incrementAndGet();
		return this.answer.get();
	};

	/** Small numbers, same shape as the gateway's: opens when half of at least 2 calls failed. */
	private final CircuitBreaker breaker = CircuitBreaker.of("rate-limit-store",
			CircuitBreakerConfig.custom()
				.slidingWindowType(SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(4)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.waitDurationInOpenState(OPEN_FOR)
				.permittedNumberOfCallsInHalfOpenState(1)
				.build());

	private final FailOpenRateLimiter limiter = new FailOpenRateLimiter(this.store, this.breaker,
			TimeLimiter.of(TIME_LIMIT), this.meters);

	@Test
	void letsRequestsPassAfterTheTimeLimitWhileTheStoreHangsThenAtOnceWithoutAskingIt() {
		for (int i = 0; i < 2; i++) {
			Timed decision = decide();
			assertThat(decision.decision()).isEqualTo(Decision.ALLOWED);
			assertThat(decision.took()).isGreaterThanOrEqualTo(TIME_LIMIT).isLessThan(TIME_LIMIT.multipliedBy(3));
		}
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		assertThat(failOpen("timeout")).isEqualTo(2);

		Timed whileOpen = decide();
		assertThat(whileOpen.decision()).isEqualTo(Decision.ALLOWED);
		assertThat(whileOpen.took()).as("no wait for the store").isLessThan(TIME_LIMIT);
		assertThat(this.asked).as("the store was not asked while the breaker is open").hasValue(2);
		assertThat(failOpen("breaker-open")).isEqualTo(1);
	}

	@Test
	void enforcesTheLimitAgainOnceTheStoreAnswersAndLogsOncePerChangeOfState(CapturedOutput output)
			throws InterruptedException {
		this.answer.set(Mono.error(new RedisConnectionFailureException("Connection refused")));
		for (int i = 0; i < 10; i++) {
			assertThat(decide().decision()).isEqualTo(Decision.ALLOWED);
		}
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		assertThat(failOpen("error")).isEqualTo(2);
		assertThat(failOpen("breaker-open")).isEqualTo(8);

		// Redis is back and this client's bucket is empty: the first call after the open state is a trial that
		// reaches the store, and its answer counts.
		Decision empty = Decision.denied(Duration.ofSeconds(60));
		this.answer.set(Mono.just(empty));
		Thread.sleep(OPEN_FOR.plusMillis(100).toMillis());
		assertThat(decide().decision()).isEqualTo(empty);
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(decide().decision()).isEqualTo(empty);
		assertThat(this.asked).hasValue(4);

		assertThat(output.getAll().split("Rate limits NOT enforced", -1)).as("one warning for ten failed requests")
			.hasSize(2);
		assertThat(output.getAll()).contains("Connection refused")
			.containsOnlyOnce("Rate limits enforced again");
	}

	private Timed decide() {
		long start = System.nanoTime();
		Decision decision = this.limiter.tryAcquire("test|api", this.policy, "user:a").block(Duration.ofSeconds(5));
		return new Timed(decision, Duration.ofNanos(System.nanoTime() - start));
	}

	private double failOpen(String reason) {
		return this.meters.counter(FailOpenRateLimiter.FAIL_OPEN, "policy", "api", "reason", reason).count();
	}

	private record Timed(Decision decision, Duration took) {
	}

}
