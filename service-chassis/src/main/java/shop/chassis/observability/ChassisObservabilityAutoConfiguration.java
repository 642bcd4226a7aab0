package shop.chassis.observability;

import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Keeps a trace together across threads. Spring Modulith sends the outbox's events to Kafka asynchronously, after the
 * business transaction commits, on Boot's application task executor; this decorator (which Boot applies to that
 * executor) carries the current observation over, so the Kafka send and every consumer downstream join the trace of
 * the request or record that raised the event. Events re-sent later (after a failed send or a restart) run outside
 * any request and start a trace of their own.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnClass(ContextSnapshotFactory.class)
public class ChassisObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TaskDecorator.class)
	ContextPropagatingTaskDecorator shopContextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

}
