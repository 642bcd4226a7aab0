package shop.user.auth;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The sign-in throttle with the configured store. */
@Configuration(proxyBeanMethods = false)
class SignInThrottleConfiguration {

	@Bean
	SignInThrottle signInThrottle(SignInThrottleProperties properties, Clock clock,
			ObjectProvider<StringRedisTemplate> redis) {
		FailureCounter counter = switch (properties.store()) {
			case MEMORY -> new InMemoryFailureCounter(clock);
			case REDIS -> new RedisFailureCounter(redis.getObject(), properties.keyPrefix());
		};
		return new SignInThrottle(counter, properties);
	}

}
