package shop.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one app reads from its environment, taken from the app's own configuration files,
 * so the deployment files can be checked against the one source of truth instead of a
 * list kept by hand.
 * <p>
 * An environment variable reaches a Spring Boot app in two ways: as a {@code ${NAME}}
 * placeholder in its configuration (application*.yml, and for the services the service
 * chassis' defaults), or by relaxed binding of a property the app has
 * ({@code spring.kafka.bootstrap-servers} ← {@code SPRING_KAFKA_BOOTSTRAPSERVERS}). Both
 * sets are computed here. Two names are read by the platform rather than by any
 * configuration file and are allowed for every app: {@code JAVA_TOOL_OPTIONS} (the JVM)
 * and {@code SPRING_PROFILES_ACTIVE} (Spring Boot itself).
 *
 * @param module the Maven module (also the app's name in compose and Kubernetes)
 * @param files the configuration files read
 * @param placeholders names used as {@code ${NAME}} placeholders
 * @param properties every property key the files define, flattened ({@code a.b[0].c})
 * @param defaultPort the default of {@code server.port: ${PORT:8081}}
 */
record AppConfiguration(String module, List<Path> files, Set<String> placeholders, Set<String> properties,
		int defaultPort) {

	static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");

	private static final Pattern PORT_DEFAULT = Pattern.compile("^\\$\\{PORT:(\\d+)}$");

	private static final String CHASSIS_DEFAULTS = "service-chassis/src/main/resources/shop/chassis";

	static AppConfiguration of(String module) {
		Path resources = Repository.path(module + "/src/main/resources");
		List<Path> files = new ArrayList<>();
		try (Stream<Path> list = Files.list(resources)) {
			list.filter(
					(file) -> file.getFileName().toString().matches("application(-[\\w-]+)?\\.(yml|yaml|properties)"))
				.sorted()
				.forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No configuration of module " + module, ex);
		}
		if (files.isEmpty()) {
			throw new AssertionError(module + " has no application.yml: it is not an app of this repository");
		}
		// The chassis adds its defaults to every app that depends on it
		// (shop.chassis.ShopDefaults).
		if (Repository.read(module + "/pom.xml").contains("<artifactId>service-chassis</artifactId>")) {
			try (Stream<Path> list = Files.list(Repository.path(CHASSIS_DEFAULTS))) {
				list.filter((file) -> file.toString().endsWith(".properties")).sorted().forEach(files::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Set<String> placeholders = new TreeSet<>();
		Set<String> properties = new TreeSet<>();
		Integer port = null;
		for (Path file : files) {
			Properties flat = flatten(file);
			for (String key : flat.stringPropertyNames()) {
				properties.add(key);
				String value = flat.getProperty(key);
				Matcher matcher = PLACEHOLDER.matcher(value);
				while (matcher.find()) {
					placeholders.add(matcher.group(1));
				}
				Matcher portDefault = PORT_DEFAULT.matcher(value.trim());
				if (key.equals("server.port") && portDefault.matches()) {
					port = Integer.valueOf(portDefault.group(1));
				}
			}
		}
		if (port == null) {
			throw new AssertionError(module + ": server.port should be ${PORT:<default>} in its application.yml");
		}
		return new AppConfiguration(module, List.copyOf(files), placeholders, properties, port);
	}

	/** Every environment variable name this app reads. */
	Set<String> allowedEnvironment() {
		Set<String> allowed = new TreeSet<>(this.placeholders);
		this.properties.forEach((property) -> allowed.add(relaxedName(property)));
		allowed.addAll(PLATFORM_VARIABLES);
		return allowed;
	}

	boolean reads(String variable) {
		return allowedEnvironment().contains(variable);
	}

	/**
	 * The environment variable Spring Boot binds to a property: dots and [n] to _, dashes
	 * dropped, upper case.
	 */
	static String relaxedName(String property) {
		return property.replaceAll("\\[(\\d+)]", ".$1").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	private static Properties flatten(Path file) {
		String text = Repository.read(file);
		Properties flat = new Properties();
		if (file.toString().endsWith(".properties")) {
			try {
				flat.load(new StringReader(text));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return flat;
		}
		for (Map<String, Object> document : Repository.yamlDocuments(text)) {
			flatten("", document, flat);
		}
		return flat;
	}

	private static void flatten(String prefix, Object value, Properties flat) {
		if (value instanceof Map<?, ?> map) {
			map.forEach(
					(key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, flat));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), flat);
			}
		}
		else {
			flat.setProperty(prefix, String.valueOf(value));
		}
	}

}
