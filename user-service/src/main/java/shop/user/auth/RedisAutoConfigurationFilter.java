package shop.user.auth;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import shop.user.auth.SignInThrottleProperties.Store;

/**
 * Spring Boot's Redis auto-configurations apply only when the sign-in throttle counts failures in Redis
 * ({@code shop.user.sign-in-throttle.store=redis}): nothing else in user-service uses Redis. With the default memory
 * store they would still create Lettuce's connection factory and client resources at every start (about 875 classes of
 * Lettuce, Netty and Reactor, event-loop threads and their memory) for nothing.
 * <p>
 * A filter, registered in {@code META-INF/spring.factories}, because the choice depends on a property:
 * {@code spring.autoconfigure.exclude} cannot, and what it excludes cannot be brought back with
 * {@code @ImportAutoConfiguration} either. Boot hands the filter the {@link Environment} before it filters the
 * candidates, with every property source in place (application.yml, the process environment, test properties).
 */
class RedisAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	/** The package of spring-boot-data-redis: the connection factory, templates, health and observation. */
	private static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure.";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean redisStore = redisStore();
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			// A null candidate was already dropped by another filter.
			matches[i] = redisStore || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS);
		}
		return matches;
	}

	/**
	 * Bound the way {@link SignInThrottleProperties} binds it, so that both always agree: placeholders resolved
	 * ({@code ${SHOP_SIGN_IN_THROTTLE_STORE:memory}} in application.yml), relaxed names and case, memory by default.
	 */
	private boolean redisStore() {
		return Binder.get(this.environment)
			.bind("shop.user.sign-in-throttle.store", Store.class)
			.orElse(Store.MEMORY) == Store.REDIS;
	}

}
