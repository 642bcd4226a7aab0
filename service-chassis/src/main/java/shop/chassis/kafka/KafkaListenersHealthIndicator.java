package shop.chassis.kafka;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code kafkaListeners}, in the readiness group: DOWN while a listener container that should consume does not. Spring
 * Kafka stops a container when its listener throws an {@link Error} (or its consumer thread dies) and nothing else
 * notices: the process stays up, serves HTTP, and its partitions wait. Reporting it takes the instance out of Consul
 * and out of a Kubernetes Service until someone restarts it. A container stopped on request, or never started, is
 * in its expected state and does not count.
 */
public class KafkaListenersHealthIndicator extends AbstractHealthIndicator {

	private final ObjectProvider<ListenerContainerRegistry> registries;

	public KafkaListenersHealthIndicator(ObjectProvider<ListenerContainerRegistry> registries) {
		super("Kafka listener containers could not be inspected");
		this.registries = registries;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> containers = new TreeMap<>();
		this.registries.orderedStream()
			.flatMap((registry) -> registry.getAllListenerContainers().stream())
			.forEach((container) -> containers.put(name(container), state(container)));
		boolean consuming = containers.values().stream().noneMatch((state) -> state.startsWith("stopped abnormally"));
		(consuming ? builder.up() : builder.down()).withDetails(containers);
	}

	/** A container's state as the health details show it; "stopped abnormally" makes the indicator DOWN. */
	static String state(MessageListenerContainer container) {
		String consumers = "";
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			long running = concurrent.getContainers().stream().filter(MessageListenerContainer::isRunning).count();
			consumers = " (" + running + " of " + concurrent.getContainers().size() + " consumers running)";
		}
		if (!container.isInExpectedState()) {
			return "stopped abnormally" + consumers;
		}
		return (container.isRunning() ? "running" : "stopped") + consumers;
	}

	private static String name(MessageListenerContainer container) {
		return (container.getListenerId() != null) ? container.getListenerId() : String.valueOf(container);
	}

}
