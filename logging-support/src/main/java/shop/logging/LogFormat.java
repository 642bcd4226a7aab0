package shop.logging;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the shop's log format names into Spring Boot's: {@code json} means Boot's Elastic Common Schema format,
 * {@code text} (or nothing) the human-readable pattern; {@code ecs}, {@code logstash} and {@code gelf} pass as they
 * are. Must run after every source of {@value #PROPERTY} is in the environment and before the logging system reads
 * it: the gateway registers this class as its environment post-processor (after its configuration files are read),
 * the services' chassis calls {@link #apply} once it has added its own defaults.
 */
public final class LogFormat implements EnvironmentPostProcessor {

	/** Boot's switch for structured console logging; the shop sets it from {@code SHOP_LOG_FORMAT}. */
	public static final String PROPERTY = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		apply(environment);
	}

	public static void apply(ConfigurableEnvironment environment) {
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
