package shop.chassis.kafka;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import shop.events.Topics;

/**
 * Consumer-side rules shared by every service: records read by {@link EventReader}, applied once
 * ({@link ProcessedEvents}), retried only when retrying can help, and otherwise dead-lettered with their original
 * bytes. Boot's default "log and skip" is never in effect: this error handler replaces it.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration" },
		beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(ShopKafkaProperties.class)
public class ChassisKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventReader eventReader(JsonMapper jsonMapper) {
		return new EventReader(jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JdbcClient.class)
	ProcessedEvents processedEvents(JdbcClient jdbcClient, ObjectProvider<MeterRegistry> meters) {
		return new ProcessedEvents(jdbcClient, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterPublishing deadLetterPublishing(KafkaProperties kafkaProperties, Environment environment,
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new DeadLetterPublishing(kafkaProperties.buildProducerProperties(),
				consumerGroup(kafkaProperties, environment), meterRegistry.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler shopListenerErrorHandler(DeadLetterPublishing deadLetters, ShopKafkaProperties properties) {
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters.recoverer(),
				new FixedBackOff(properties.retryInterval().toMillis(), properties.retryAttempts() - 1L));
		handler.addNotRetryableExceptions(InvalidEvent.class);
		BackOff untilItWorks = transientBackOff(properties);
		handler.setBackOffFunction((record, ex) -> isTransient(ex) ? untilItWorks : null);
		return handler;
	}

	/**
	 * Retries of a transient error: from 0.5 s, doubling, never longer apart than
	 * {@link ShopKafkaProperties#transientRetryMaxInterval()}, and never given up. The cap bounds how long a partition
	 * stays idle after the database or broker is back (fault scenario 6 recovered in 9 to 71 s with pauses up to 10 s).
	 */
	static BackOff transientBackOff(ShopKafkaProperties properties) {
		ExponentialBackOff untilItWorks = new ExponentialBackOff(500, 2.0);
		untilItWorks.setMaxInterval(properties.transientRetryMaxInterval().toMillis());
		return untilItWorks;
	}

	/**
	 * The shop's topics, created when missing; partitions and replicas come from {@link ShopKafkaProperties}.
	 * Dead-letter topics are created by the broker on first use (one partition), so no service declares topics it
	 * may never need.
	 */
	@Bean
	@ConditionalOnProperty(name = "shop.kafka.create-topics", havingValue = "true", matchIfMissing = true)
	KafkaAdmin.NewTopics shopTopics(ShopKafkaProperties properties) {
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(Topics.ORDERS_PLACED)
					.partitions(properties.partitions())
					.replicas(properties.replicationFactor())
					.build(),
				TopicBuilder.name(Topics.STOCK_OUTCOMES)
					.partitions(properties.partitions())
					.replicas(properties.replicationFactor())
					.build(),
				TopicBuilder.name(Topics.ORDERS_CANCELLED)
					.partitions(properties.partitions())
					.replicas(properties.replicationFactor())
					.build());
	}

	/** Readiness that knows whether the service still consumes (the readiness group includes it: ShopDefaults). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ListenerHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "kafkaListenersHealthIndicator")
		KafkaListenersHealthIndicator kafkaListenersHealthIndicator(
				ObjectProvider<ListenerContainerRegistry> registries) {
			return new KafkaListenersHealthIndicator(registries);
		}

	}

	/** Errors that say "not now" rather than "never": an unreachable database or broker. */
	static boolean isTransient(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException
					|| cause instanceof org.apache.kafka.common.errors.RetriableException
					|| isConnectionLost(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A connection that broke under the listener, reported as a plain {@link SQLException} that nothing translated:
	 * SQLState class 08 (connection exception), PostgreSQL's 57P01–57P03 (the server ended or refuses the session), or
	 * no SQLState at all. The last is Hikari's "Connection is closed" at commit on a connection the server ended
	 * ({@code new SQLException("Connection is closed")}, no state): the database answers every error of a statement or
	 * of the data with a state, so a state-less SQLException comes from the pool or the driver, never from the record.
	 * Found by the fault suite (scenario 6, twice): such a record was dead-lettered after three tries while the
	 * database was back a second later.
	 */
	private static boolean isConnectionLost(Throwable cause) {
		if (cause instanceof SQLException sql) {
			String state = sql.getSQLState();
			return state == null || state.startsWith("08") || state.startsWith("57P0");
		}
		return false;
	}

	private static String consumerGroup(KafkaProperties kafkaProperties, Environment environment) {
		String group = kafkaProperties.getConsumer().getGroupId();
		return (group != null) ? group : environment.getProperty("spring.application.name", "shop");
	}

}
