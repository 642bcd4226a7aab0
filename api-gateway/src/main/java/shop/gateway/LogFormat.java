package shop.gateway;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The shop's log format names, as the services read them (service-chassis {@code LogFormat}): {@code json} means
 * Spring Boot's Elastic Common Schema format, {@code text} the human-readable pattern; {@code ecs}, {@code logstash}
 * and {@code gelf} pass as they are. Runs after the configuration files are read and before logging starts.
 */
public class LogFormat implements EnvironmentPostProcessor {

	static final String PROPERTY = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PROPERTY);
		if (configured == null) {
			return;
		}
		String format = switch (configured.trim().toLowerCase(Locale.ROOT)) {
			case "json" -> "ecs";
			case "text", "" -> "";
			default -> configured.trim();
		};
		if (!format.equals(configured)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("shop-log-format", Map.of(PROPERTY, format)));
		}
	}

}
