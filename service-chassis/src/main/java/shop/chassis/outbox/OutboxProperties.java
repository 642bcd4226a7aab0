package shop.chassis.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox retries events whose send to Kafka failed.
 *
 * @param resubmitInterval how often failed publications are sent again
 * @param resubmitMinAge how long a failed publication rests before it is sent again
 */
@ConfigurationProperties("shop.outbox")
public record OutboxProperties(@DefaultValue("5s") Duration resubmitInterval, @DefaultValue("2s") Duration resubmitMinAge) {
}
