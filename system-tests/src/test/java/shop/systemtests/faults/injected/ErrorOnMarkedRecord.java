package shop.systemtests.faults.injected;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Fault scenario 11's injection, never part of a service: an auto-configuration that the fault suite puts on a
 * running service's classpath ({@code loader.path}). Every listener container of the service gets a record
 * interceptor that throws an {@link InjectedFault} for a record of {@code shop.orders.placed} whose value contains
 * the system property {@code shop.faults.error-on}; the container then stops as for an Error from the listener, and
 * the record stays uncommitted.
 */
@Configuration(proxyBeanMethods = false)
public class ErrorOnMarkedRecord {

	public static final String MARKER_PROPERTY = "shop.faults.error-on";

	@Bean
	static BeanPostProcessor errorOnMarkedRecordInterceptor() {
		String marker = System.getProperty(MARKER_PROPERTY);
		if (marker == null || marker.isBlank()) {
			throw new IllegalStateException("-D" + MARKER_PROPERTY + " is required");
		}
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
					intercept(factory, marker);
				}
				return bean;
			}

		};
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void intercept(AbstractKafkaListenerContainerFactory factory, String marker) {
		factory.setRecordInterceptor(new Interceptor(marker));
	}

	private record Interceptor(String marker) implements RecordInterceptor<Object, Object> {

		@Override
		public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
				Consumer<Object, Object> consumer) {
			Object value = record.value();
			String text = (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
					: String.valueOf(value);
			if ("shop.orders.placed".equals(record.topic()) && text.contains(this.marker)) {
				throw new InjectedFault("Injected Error for " + record.topic() + "-" + record.partition() + "@"
						+ record.offset());
			}
			return record;
		}

	}

}
