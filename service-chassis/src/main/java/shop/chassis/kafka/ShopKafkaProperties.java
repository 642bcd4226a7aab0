package shop.chassis.kafka;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the shop's topics are created and how consumers retry.
 *
 * @param partitions partitions of each shop topic; the upper bound of useful listener concurrency
 * @param replicationFactor replicas of each topic (1 on a single local broker, 3 in production)
 * @param retryAttempts attempts for an unexpected error before the record is dead-lettered
 * @param retryInterval pause between those attempts
 * @param transientRetryMaxInterval longest pause while the database or broker is unreachable (so also the longest a
 * partition waits after it is back); such errors are retried until they stop, never dead-lettered
 */
@Validated
@ConfigurationProperties("shop.kafka")
public record ShopKafkaProperties(@DefaultValue("3") @Min(1) int partitions,
		@DefaultValue("1") @Min(1) short replicationFactor, @DefaultValue("3") @Min(1) int retryAttempts,
		@DefaultValue("1s") Duration retryInterval, @DefaultValue("5s") Duration transientRetryMaxInterval) {
}
