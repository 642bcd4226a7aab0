package shop.chassis.outbox;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.EventPublication.Status;
import org.springframework.modulith.events.config.EventPublicationAutoConfiguration;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

class ChassisOutboxAutoConfigurationTests {

	private final EventPublicationRepository repository = mock(EventPublicationRepository.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventPublicationAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class, ChassisOutboxAutoConfiguration.class))
		// Spring Modulith's Moments enables scheduling as a side effect: the outbox must not depend on it.
		.withClassLoader(new FilteredClassLoader("org.springframework.modulith.moments"))
		.withBean(EventPublicationRepository.class, () -> this.repository)
		.withPropertyValues("spring.modulith.events.staleness.published=1s",
				"spring.modulith.events.staleness.check-intervall=100ms", "shop.outbox.resubmit-interval=1h");

	@Test
	void runsTheStalenessMonitorSoAPublicationStuckBeforeItsSendIsMarkedFailed() {
		given(this.repository.findByStatus(any())).willReturn(List.of());

		this.contextRunner.run((context) -> verify(this.repository, timeout(Duration.ofSeconds(5).toMillis()))
			.findByStatus(Status.PUBLISHED));
	}

	@Test
	void resubmitsWithItsOwnSchedulerWhenTheApplicationHasTwo() {
		// Boot's taskScheduler beside another, as Consul discovery's catalog watch adds one: the start once failed
		// with "expected single matching bean but found 2".
		this.contextRunner.withConfiguration(AutoConfigurations.of(SecondScheduler.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(TaskScheduler.class)).containsOnlyKeys("taskScheduler",
					"catalogWatchTaskScheduler");
			assertThat(context).hasSingleBean(FailedPublicationResubmitter.class);
		});
	}

	/** A scheduler added after Boot's, unconditionally, as Spring Cloud Consul's catalog watch adds its own. */
	@AutoConfiguration(after = TaskSchedulingAutoConfiguration.class)
	static class SecondScheduler {

		@Bean
		TaskScheduler catalogWatchTaskScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

}
