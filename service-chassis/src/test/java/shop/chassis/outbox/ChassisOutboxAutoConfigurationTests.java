package shop.chassis.outbox;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.modulith.events.EventPublication.Status;
import org.springframework.modulith.events.config.EventPublicationAutoConfiguration;
import org.springframework.modulith.events.core.EventPublicationRepository;

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

}
