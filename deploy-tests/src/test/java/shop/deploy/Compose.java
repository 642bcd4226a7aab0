package shop.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml, parsed with SnakeYAML (merge keys resolved), with the lookups the
 * checks need.
 */
record Compose(Map<String, Object> file) {

	static final String FILE = "docker-compose.yml";

	static Compose load() {
		return new Compose(Repository.yaml(FILE));
	}

	Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		Yamls.mapAt(this.file, "services").forEach((name, service) -> services.put(name, Yamls.map(service, name)));
		return services;
	}

	/** The services built from this repository's Dockerfile: the shop's apps. */
	Map<String, Map<String, Object>> apps() {
		Map<String, Map<String, Object>> apps = new LinkedHashMap<>();
		services().forEach((name, service) -> {
			if (service.containsKey("build")) {
				apps.put(name, service);
			}
		});
		return apps;
	}

	/**
	 * A service's environment as a map, from either the map or the list ("NAME=value")
	 * form.
	 */
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object value = service.get("environment");
		if (value instanceof List<?> list) {
			for (Object item : list) {
				String entry = String.valueOf(item);
				int equals = entry.indexOf('=');
				environment.put((equals < 0) ? entry : entry.substring(0, equals),
						(equals < 0) ? "" : entry.substring(equals + 1));
			}
		}
		else if (value != null) {
			environment.putAll(Manifests.strings(Yamls.map(value, "environment")));
		}
		return environment;
	}

}
