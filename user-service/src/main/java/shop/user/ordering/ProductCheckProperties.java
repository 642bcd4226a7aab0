package shop.user.ordering;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How user-service asks product-service whether an order's products exist and are in stock before accepting it. The
 * circuit breaker, time limiter and retry around the call are Resilience4j's {@code resilience4j.*.instances.
 * product-service} settings.
 *
 * @param enabled false skips the check: every valid order is accepted and settled by the event flow alone
 * @param url product-service's base URL: a service name resolved through discovery when {@code loadBalanced}, else
 * a plain address
 * @param loadBalanced resolve {@code url}'s host through Spring Cloud LoadBalancer (Consul), or call it as it is
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the answer on the socket (the time limiter usually gives up first)
 */
@Validated
@ConfigurationProperties("shop.user.product-check")
public record ProductCheckProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("http://product-service") URI url, @DefaultValue("true") boolean loadBalanced,
		@NotNull @DefaultValue("500ms") Duration connectTimeout, @NotNull @DefaultValue("2s") Duration readTimeout) {
}
