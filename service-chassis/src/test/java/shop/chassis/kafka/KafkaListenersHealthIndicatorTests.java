package shop.chassis.kafka;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class KafkaListenersHealthIndicatorTests {

	@Test
	void upWhileEveryContainerIsRunningOrWasStoppedOnRequest() {
		Health health = indicator(container("orders", true, true), container("paused-by-operator", false, true))
			.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("orders", "running")
			.containsEntry("paused-by-operator", "stopped");
	}

	@Test
	void downNamingTheContainerAnErrorStopped() {
		Health health = indicator(container("orders", true, true), container("stock", false, false)).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("orders", "running")
			.containsEntry("stock", "stopped abnormally");
	}

	@Test
	void upWithoutAnyListener() {
		assertThat(indicator().health().getStatus()).isEqualTo(Status.UP);
	}

	private static KafkaListenersHealthIndicator indicator(MessageListenerContainer... containers) {
		ListenerContainerRegistry registry = mock(ListenerContainerRegistry.class);
		given(registry.getAllListenerContainers()).willReturn(List.of(containers));
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("registry", registry);
		return new KafkaListenersHealthIndicator(beans.getBeanProvider(ListenerContainerRegistry.class));
	}

	private static MessageListenerContainer container(String id, boolean running, boolean expected) {
		MessageListenerContainer container = mock(MessageListenerContainer.class);
		given(container.getListenerId()).willReturn(id);
		given(container.isRunning()).willReturn(running);
		given(container.isInExpectedState()).willReturn(expected);
		return container;
	}

}
