package shop.user.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How failed sign-ins are limited. After {@code maxFailuresPerAccount} failures for one e-mail address (whether or not
 * it has an account), or {@code maxFailuresPerClient} from one client address, within {@code window}, sign-ins for it
 * are refused with 429 until the window ends.
 *
 * @param store where failures are counted: {@code memory} (one instance) or {@code redis} (shared by every instance,
 * {@code spring.data.redis.*})
 * @param maxFailuresPerAccount failures allowed per e-mail address in one window
 * @param maxFailuresPerClient failures allowed per client address in one window
 * @param window how long failures are counted, and refusals last
 * @param keyPrefix the prefix of the Redis keys
 */
@Validated
@ConfigurationProperties("shop.user.sign-in-throttle")
public record SignInThrottleProperties(@NotNull @DefaultValue("memory") Store store,
		@Min(1) @DefaultValue("5") int maxFailuresPerAccount, @Min(1) @DefaultValue("20") int maxFailuresPerClient,
		@NotNull @DefaultValue("15m") Duration window, @NotBlank @DefaultValue("shop:sign-in-failures:") String keyPrefix) {

	/** Where failures are counted. */
	public enum Store {

		/** In this instance's memory: right for one instance and the local run. */
		MEMORY,

		/** In Redis: every instance sees every failure. */
		REDIS

	}

}
