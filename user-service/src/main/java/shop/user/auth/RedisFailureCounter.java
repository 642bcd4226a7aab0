package shop.user.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Failure counts in Redis, shared by every user-service instance: one key per account or client, incremented
 * atomically, expiring with its window (set by the same script as the first increment, so no key lives forever).
 */
class RedisFailureCounter implements FailureCounter {

	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local failures = redis.call('INCR', KEYS[1])
			if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return failures""", Long.class);

	private static final RedisScript<List> CURRENT = RedisScript.of("""
			return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}""", List.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	RedisFailureCounter(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public long increment(String key, Duration window) {
		Long failures = this.redis.execute(INCREMENT, List.of(this.prefix + key), Long.toString(window.toMillis()));
		return (failures != null) ? failures : 0;
	}

	@Override
	public Count current(String key) {
		List<?> answer = this.redis.execute(CURRENT, List.of(this.prefix + key));
		if (answer == null || answer.size() < 2) {
			return Count.NONE;
		}
		long failures = ((Number) answer.get(0)).longValue();
		long remainingMillis = ((Number) answer.get(1)).longValue();
		return (failures > 0 && remainingMillis > 0) ? new Count(failures, Duration.ofMillis(remainingMillis))
				: Count.NONE;
	}

	@Override
	public void clear(String key) {
		this.redis.delete(this.prefix + key);
	}

}
