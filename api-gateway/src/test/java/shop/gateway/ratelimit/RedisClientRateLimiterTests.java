package shop.gateway.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import shop.gateway.GatewayProperties.Policy;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClientRateLimiterTests {

	@Test
	void turnsAPerMinuteRateIntoWholeTokensPerSecond() {
		RedisRateLimiter.Config tenPerMinute = RedisClientRateLimiter
			.redisConfig(new Policy(5, 10, Duration.ofMinutes(1)));
		assertThat(tenPerMinute.getReplenishRate()).isEqualTo(1);
		assertThat(tenPerMinute.getRequestedTokens()).isEqualTo(6);
		assertThat(tenPerMinute.getBurstCapacity()).isEqualTo(30);
	}

	@Test
	void keepsAPerSecondRateAsItIs() {
		RedisRateLimiter.Config twentyPerSecond = RedisClientRateLimiter
			.redisConfig(new Policy(40, 20, Duration.ofSeconds(1)));
		assertThat(twentyPerSecond.getReplenishRate()).isEqualTo(20);
		assertThat(twentyPerSecond.getRequestedTokens()).isEqualTo(1);
		assertThat(twentyPerSecond.getBurstCapacity()).isEqualTo(40);
		assertThat(new Policy(40, 20, Duration.ofSeconds(1)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

}
