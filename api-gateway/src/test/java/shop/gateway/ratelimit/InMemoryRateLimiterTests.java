package shop.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import shop.gateway.GatewayProperties.Policy;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimiterTests {

	private final AtomicLong nanos = new AtomicLong();

	private final TimeMeter clock = new TimeMeter() {
		@Override
		public long currentTimeNanos() {
			return InMemoryRateLimiterTests.this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}
	};

	private final Policy tenPerMinute = new Policy(3, 10, Duration.ofMinutes(1));

	@Test
	void allowsTheBurstThenSaysWhenTheNextTokenComes() {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100, Duration.ofMinutes(1), this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("orders", this.tenPerMinute, "user:a").block().allowed()).isTrue();
		}
		ClientRateLimiter.Decision denied = limiter.tryAcquire("orders", this.tenPerMinute, "user:a").block();
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(6));

		this.nanos.addAndGet(Duration.ofSeconds(6).toNanos());
		assertThat(limiter.tryAcquire("orders", this.tenPerMinute, "user:a").block().allowed()).isTrue();
		assertThat(limiter.tryAcquire("orders", this.tenPerMinute, "user:a").block().allowed()).isFalse();
	}

	@Test
	void keepsClientsAndPoliciesApart() {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100, Duration.ofMinutes(1), this.clock);
		for (int i = 0; i < 3; i++) {
			limiter.tryAcquire("orders", this.tenPerMinute, "user:a").block();
		}
		assertThat(limiter.tryAcquire("orders", this.tenPerMinute, "user:b").block().allowed()).isTrue();
		assertThat(limiter.tryAcquire("api", this.tenPerMinute, "user:a").block().allowed()).isTrue();
	}

	@Test
	void holdsNoMoreThanMaxKeysBucketsWhateverTheNumberOfClients() {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(1000, Duration.ofMinutes(1), this.clock);
		for (int i = 0; i < 50_000; i++) {
			limiter.tryAcquire("api", this.tenPerMinute, "client:10.0." + (i / 256) + "." + (i % 256)).block();
		}
		assertThat(limiter.size()).isLessThanOrEqualTo(1000);
	}

}
