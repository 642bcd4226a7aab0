package shop.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The objects one kustomization renders, with the lookups the checks need. */
record Manifests(String source, List<Map<String, Object>> objects) {

	private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

	List<Map<String, Object>> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	Optional<Map<String, Object>> find(String kind, String name) {
		return ofKind(kind).stream().filter((object) -> name.equals(name(object))).findFirst();
	}

	List<Workload> workloads() {
		return this.objects.stream()
			.filter((object) -> WORKLOAD_KINDS.contains(String.valueOf(object.get("kind"))))
			.map(Workload::new)
			.toList();
	}

	List<Workload> deployments() {
		return workloads().stream().filter((workload) -> workload.kind().equals("Deployment")).toList();
	}

	static String name(Map<String, Object> object) {
		return Yamls.stringAt(object, "metadata.name");
	}

	static String describe(Map<String, Object> object) {
		return object.get("kind") + "/" + name(object);
	}

	static Map<String, String> strings(Map<String, Object> map) {
		Map<String, String> strings = new LinkedHashMap<>();
		map.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		return strings;
	}

	/**
	 * Whether a label selector selects these labels: a LabelSelector
	 * ({@code matchLabels}, {@code matchExpressions}) or, with {@code plain}, a Service's
	 * map of labels. An operator the tests do not know fails rather than guess.
	 */
	static boolean selects(Map<String, Object> selector, Map<String, String> labels, boolean plain) {
		if (plain) {
			return !selector.isEmpty() && strings(selector).entrySet()
				.stream()
				.allMatch((entry) -> entry.getValue().equals(labels.get(entry.getKey())));
		}
		for (Map.Entry<String, String> entry : strings(Yamls.mapAt(selector, "matchLabels")).entrySet()) {
			if (!entry.getValue().equals(labels.get(entry.getKey()))) {
				return false;
			}
		}
		for (Object item : Yamls.listAt(selector, "matchExpressions")) {
			Map<String, Object> expression = Yamls.map(item, "matchExpressions[]");
			String key = String.valueOf(expression.get("key"));
			List<String> values = Yamls.listAt(expression, "values").stream().map(String::valueOf).toList();
			String operator = String.valueOf(expression.get("operator"));
			boolean matches = switch (operator) {
				case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
				case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
				case "Exists" -> labels.containsKey(key);
				case "DoesNotExist" -> !labels.containsKey(key);
				default -> throw new AssertionError("Unknown label selector operator " + operator);
			};
			if (!matches) {
				return false;
			}
		}
		return true;
	}

	/** A Deployment or StatefulSet, seen through its pod template. */
	record Workload(Map<String, Object> object) {

		String kind() {
			return String.valueOf(this.object.get("kind"));
		}

		String name() {
			return Manifests.name(this.object);
		}

		String describe() {
			return kind() + "/" + name();
		}

		Map<String, Object> spec() {
			return Yamls.mapAt(this.object, "spec");
		}

		Map<String, Object> podSpec() {
			return Yamls.mapAt(this.object, "spec.template.spec");
		}

		Map<String, String> podLabels() {
			return strings(Yamls.mapAt(this.object, "spec.template.metadata.labels"));
		}

		List<Map<String, Object>> containers() {
			List<Map<String, Object>> containers = new ArrayList<>();
			for (Object container : Yamls.listAt(podSpec(), "containers")) {
				containers.add(Yamls.map(container, describe() + " container"));
			}
			for (Object container : Yamls.listAt(podSpec(), "initContainers")) {
				containers.add(Yamls.map(container, describe() + " init container"));
			}
			return containers;
		}

		/**
		 * Container ports of every container: name (or the number as text) and number
		 * with protocol.
		 */
		List<Port> ports() {
			List<Port> ports = new ArrayList<>();
			for (Map<String, Object> container : containers()) {
				for (Object item : Yamls.listAt(container, "ports")) {
					Map<String, Object> port = Yamls.map(item, describe() + " port");
					ports.add(new Port(Yamls.stringAt(port, "name"), ((Number) port.get("containerPort")).intValue(),
							String.valueOf(port.getOrDefault("protocol", "TCP"))));
				}
			}
			return ports;
		}

		/**
		 * The container port a probe, Service or policy names: a number, or a container
		 * port's name.
		 */
		Optional<Port> port(Object reference) {
			if (reference instanceof Number number) {
				return ports().stream().filter((port) -> port.number() == number.intValue()).findFirst();
			}
			return ports().stream().filter((port) -> String.valueOf(reference).equals(port.name())).findFirst();
		}

	}

	/** A container port. */
	record Port(String name, int number, String protocol) {

		@Override
		public String toString() {
			return this.number + ((this.protocol.equals("TCP")) ? "" : "/" + this.protocol);
		}

	}

}
