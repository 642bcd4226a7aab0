package shop.chassis;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.util.ClassUtils;

import shop.logging.LogFormat;

/**
 * Adds the shop-wide defaults as the property source of lowest precedence, before any configuration is read: a
 * service's {@code application.yml}, its environment variables and its command line all override them. Registered in
 * {@code META-INF/spring.factories} rather than with {@code @PropertySource}, because conditions such as
 * {@code spring.cloud.consul.enabled} are evaluated before an auto-configuration's own property sources exist.
 */
public class ShopDefaults implements EnvironmentPostProcessor {

	static final String DISCOVERY = "shop/chassis/discovery-defaults.properties";

	static final String OUTBOX = "shop/chassis/outbox-defaults.properties";

	static final String KAFKA = "shop/chassis/kafka-defaults.properties";

	static final String OPENAPI = "shop/chassis/openapi-defaults.properties";

	static final String HEALTH = "shop/chassis/health-defaults.properties";

	static final String OBSERVABILITY = "shop/chassis/observability-defaults.properties";

	static final String WEB = "shop/chassis/web-defaults.properties";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = application.getClassLoader();
		if (ClassUtils.isPresent("org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties", classLoader)) {
			environment.getPropertySources().addLast(load(DISCOVERY));
		}
		if (ClassUtils.isPresent("org.springframework.modulith.events.FailedEventPublications", classLoader)) {
			environment.getPropertySources().addLast(load(OUTBOX));
		}
		if (ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", classLoader)) {
			environment.getPropertySources().addLast(load(KAFKA));
		}
		if (ClassUtils.isPresent("org.springdoc.core.properties.SpringDocConfigProperties", classLoader)) {
			environment.getPropertySources().addLast(load(OPENAPI));
		}
		if (ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", classLoader)) {
			environment.getPropertySources().addLast(load(HEALTH));
		}
		if (ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", classLoader)) {
			environment.getPropertySources().addLast(load(WEB));
		}
		environment.getPropertySources().addLast(load(OBSERVABILITY));
		LogFormat.apply(environment);
	}

	private static PropertySource<?> load(String location) {
		try {
			return new ResourcePropertySource("shop-defaults:" + location, new ClassPathResource(location));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
