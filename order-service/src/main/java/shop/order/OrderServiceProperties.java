package shop.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * order-service settings ({@code shop.order.*}).
 *
 * @param listenerConcurrency consumers per topic in this instance; more than the topic's partitions only idle
 */
@Validated
@ConfigurationProperties("shop.order")
record OrderServiceProperties(@Min(1) @Max(64) int listenerConcurrency) {
}
