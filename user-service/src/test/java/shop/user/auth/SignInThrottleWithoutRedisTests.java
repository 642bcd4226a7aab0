package shop.user.auth;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store when Redis takes connections but never answers (hung, or the replies lost): sign-in goes on
 * unthrottled within the timeouts of user-service's own application.yml instead of failing or hanging, so an outage
 * of Redis does not lock shoppers out.
 */
class SignInThrottleWithoutRedisTests {

	static final List<Socket> accepted = new CopyOnWriteArrayList<>();

	static ServerSocket silentRedis;

	@BeforeAll
	static void startSilentRedis() throws IOException {
		silentRedis = new ServerSocket(0);
		Thread acceptor = new Thread(() -> {
			while (!silentRedis.isClosed()) {
				try {
					accepted.add(silentRedis.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "silent-redis");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@AfterAll
	static void stopSilentRedis() throws IOException {
		silentRedis.close();
	}

	// The application's own configuration (application.yml: Redis timeouts), with the Redis store.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Throttle.class)
		.withPropertyValues("shop.user.sign-in-throttle.store=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + silentRedis.getLocalPort());

	@Test
	void letsSignInsThroughUnthrottledWithinTheTimeoutsWhenRedisDoesNotAnswer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			SignInThrottle throttle = context.getBean(SignInThrottle.class);
			int maxFailures = context.getBean(SignInThrottleProperties.class).maxFailuresPerAccount();
			for (int i = 0; i <= maxFailures; i++) {
				long start = System.nanoTime();
				// Past the limit: with a Redis that answers, the last check would throw TooManySignIns.
				throttle.check("shopper@example.com", "203.0.113.9");
				throttle.failed("shopper@example.com", "203.0.113.9");
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				System.out.printf("SIGN-IN-THROTTLE: Redis silent, check and count %d took %d ms%n", i + 1,
						took.toMillis());
				if (i > 0) {
					// Two Redis calls that each give up after the timeout (500 ms), with a margin; the first attempt,
					// which starts Lettuce, is not measured.
					assertThat(took).as("attempt " + (i + 1)).isLessThan(Duration.ofSeconds(5));
				}
			}
			assertThat(accepted).as("the throttle did try Redis").isNotEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataRedisAutoConfiguration.class)
	@EnableConfigurationProperties(SignInThrottleProperties.class)
	@Import(SignInThrottleConfiguration.class)
	static class Throttle {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
