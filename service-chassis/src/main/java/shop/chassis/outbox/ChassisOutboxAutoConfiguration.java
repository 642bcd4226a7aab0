package shop.chassis.outbox;

import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The transactional outbox, for services that publish events: Spring Modulith's event publication registry stores
 * each event in the business transaction, and its Kafka externalization sends it after commit. This configuration
 * routes the shop's events, sets defaults that keep the outbox small and honest
 * ({@code shop/chassis/outbox-defaults.properties}, added by {@link shop.chassis.ShopDefaults}) and re-sends
 * failed publications periodically, and makes sure Spring Modulith's staleness monitor runs.
 */
@AutoConfiguration(afterName = { "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration" },
		beforeName = { "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
				"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnClass({ EventExternalizationConfiguration.class, FailedEventPublications.class })
@EnableConfigurationProperties(OutboxProperties.class)
public class ChassisOutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventExternalizationConfiguration shopEventExternalization() {
		return ShopEventExternalization.configuration();
	}

	@Bean
	@ConditionalOnBean(FailedEventPublications.class)
	FailedPublicationResubmitter failedPublicationResubmitter(FailedEventPublications failedPublications,
			ObjectProvider<TaskScheduler> scheduler, OutboxProperties properties) {
		// The application's scheduler if it has exactly one (or a primary one); its own otherwise: with scheduling
		// enabled, Boot's taskScheduler may stand beside another (Consul's catalog watch brings one), and asking
		// for "the" scheduler then failed the start.
		return new FailedPublicationResubmitter(failedPublications, scheduler.getIfUnique(() -> createScheduler()),
				properties);
	}

	@Bean
	@ConditionalOnBean(JdbcClient.class)
	@ConditionalOnClass(MeterBinder.class)
	OutboxMetrics shopOutboxMetrics(JdbcClient jdbc) {
		return new OutboxMetrics(jdbc, Clock.systemUTC());
	}

	/**
	 * Spring Modulith's staleness monitor (which marks a publication failed when its send hung or its completion was
	 * lost, so that the resubmitter above sends it again) is a {@code SchedulingConfigurer}: it runs only where
	 * scheduling is enabled. Spring Modulith's Moments happened to enable it; a service without Moments left stale
	 * publications in the outbox for good (fault scenarios 8, 9, 10 and 12 kept one event in product-service's
	 * outbox). The outbox enables scheduling itself rather than rely on a neighbour.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EventPublicationRegistry.class)
	@EnableScheduling
	static class StalenessMonitorScheduling {

	}

	private static TaskScheduler createScheduler() {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setThreadNamePrefix("outbox-resubmit-");
		return scheduler;
	}

}
