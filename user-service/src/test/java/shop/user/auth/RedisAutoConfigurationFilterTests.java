package shop.user.auth;

import java.util.Arrays;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's Redis auto-configurations apply only with the Redis store. The filter runs as in the application: Boot finds
 * it in user-service's {@code META-INF/spring.factories} while it imports the auto-configurations below.
 */
class RedisAutoConfigurationFilterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(RedisAutoConfigurations.class);

	@Test
	void noRedisConnectionFactoryNorLettuceByDefault() {
		this.contextRunner.run(this::hasNoRedis);
	}

	@Test
	void noRedisConnectionFactoryNorLettuceWithTheMemoryStore() {
		this.contextRunner.withPropertyValues("shop.user.sign-in-throttle.store=memory").run(this::hasNoRedis);
	}

	@Test
	void redisAsBootConfiguresItWithTheRedisStore() {
		this.contextRunner.withPropertyValues("shop.user.sign-in-throttle.store=redis").run(this::hasRedis);
	}

	@Test
	void storeFromTheEnvironmentVariableThroughTheApplicationYmlPlaceholder() {
		this.contextRunner
			.withPropertyValues("shop.user.sign-in-throttle.store=${SHOP_SIGN_IN_THROTTLE_STORE:memory}",
					"SHOP_SIGN_IN_THROTTLE_STORE=REDIS")
			.run(this::hasRedis);
	}

	private void hasNoRedis(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(RedisConnectionFactory.class)
			.doesNotHaveBean(StringRedisTemplate.class)
			.doesNotHaveBean("redisHealthContributor");
		assertThat(beanTypes(context)).noneMatch((type) -> type.startsWith("io.lettuce."));
	}

	private void hasRedis(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.hasSingleBean(StringRedisTemplate.class)
			.hasBean("redisHealthContributor")
			.getBean(RedisConnectionFactory.class)
			.isInstanceOf(LettuceConnectionFactory.class);
		assertThat(beanTypes(context)).anyMatch((type) -> type.startsWith("io.lettuce."));
	}

	private static String[] beanTypes(AssertableApplicationContext context) {
		return Arrays.stream(context.getBeanDefinitionNames())
			.map(context::getType)
			.filter(Objects::nonNull)
			.map(Class::getName)
			.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LettuceObservationAutoConfiguration.class, DataRedisAutoConfiguration.class,
			DataRedisHealthContributorAutoConfiguration.class })
	static class RedisAutoConfigurations {

	}

}
