package shop.deploy;

import java.util.List;
import java.util.Map;

/**
 * Typed access into parsed YAML (maps, lists, scalars) with failures that name the path,
 * so that a malformed file gives an assertion message instead of a ClassCastException.
 */
final class Yamls {

	private Yamls() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value, String where) {
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new AssertionError(where + " should be a mapping, is " + describe(value));
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value, String where) {
		if (value instanceof List<?> list) {
			return (List<Object>) list;
		}
		throw new AssertionError(where + " should be a list, is " + describe(value));
	}

	/**
	 * The mapping at a dotted path, or an empty map when any part of the path is absent.
	 */
	static Map<String, Object> mapAt(Map<String, Object> root, String path) {
		Object value = at(root, path);
		return (value != null) ? map(value, path) : Map.of();
	}

	/**
	 * The list at a dotted path, or an empty list when any part of the path is absent.
	 */
	static List<Object> listAt(Map<String, Object> root, String path) {
		Object value = at(root, path);
		return (value != null) ? list(value, path) : List.of();
	}

	static String stringAt(Map<String, Object> root, String path) {
		Object value = at(root, path);
		return (value != null) ? String.valueOf(value) : null;
	}

	/**
	 * The value at a dotted path ({@code spec.template.spec}), or null when any part of
	 * it is absent.
	 */
	static Object at(Map<String, Object> root, String path) {
		Object current = root;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	private static String describe(Object value) {
		return (value != null) ? value.getClass().getSimpleName() + " " + value : "absent";
	}

}
