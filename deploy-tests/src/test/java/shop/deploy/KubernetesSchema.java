package shop.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;

/**
 * Strict validation of rendered objects against the Kubernetes API of one release,
 * without an API server.
 * <p>
 * The schema is the official Kubernetes Java client's model
 * ({@code io.kubernetes:client-java-api}, from Maven Central), generated from the OpenAPI
 * specification of one Kubernetes release. Its JSON reader checks every object and nested
 * object as it reads it: a field the schema does not define fails ("The field `x` in the
 * JSON string is not defined in the `V1Container` properties"), so does a missing
 * required field, and a value of the wrong type. Which API group and version serve a kind
 * is taken from the client's API classes (e.g. {@code AppsV1Api} has a create method for
 * {@code V1Deployment}), so {@code apps/v1beta1} or a kind in the wrong group fails too.
 * <p>
 * Not covered, because only an API server knows: enum values of string fields, name
 * formats and cross-field rules (some of those are checked by
 * {@link WorkloadRulesTests}), admission, and CRDs (the shop has none).
 */
final class KubernetesSchema {

	private static final String MODELS = "io.kubernetes.client.openapi.models.";

	private static final String APIS = "io.kubernetes.client.openapi.apis.";

	private static final Gson PLAIN = new Gson();

	private KubernetesSchema() {
	}

	/**
	 * The client-java-api version the schema comes from (its major version maps to one
	 * Kubernetes minor).
	 */
	static String clientVersion() {
		try (InputStream in = JSON.class
			.getResourceAsStream("/META-INF/maven/io.kubernetes/client-java-api/pom.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Problems of one object; empty when it is valid. */
	static List<String> violations(Map<String, Object> object) {
		String what = object.get("kind") + "/" + Yamls.stringAt(object, "metadata.name");
		try {
			Class<?> model = model(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")));
			JsonElement json = PLAIN.toJsonTree(object);
			// The client's Gson validates each object against its model while it reads
			// it.
			JSON.getGson().fromJson(json, model);
			return List.of();
		}
		catch (RuntimeException ex) {
			return List.of(what + ": " + ex.getMessage());
		}
	}

	/**
	 * The model class of a kind in an API group and version, if that group/version serves
	 * it in this release: the body type of the create method for the kind in the client's
	 * API class of that group and version (e.g.
	 * {@code AppsV1Api.createNamespacedDeployment(String, V1Deployment)}). Taken from the
	 * API class rather than built from the kind's name, because models whose names clash
	 * across groups carry a prefix.
	 * @throws IllegalArgumentException if it does not
	 */
	static Class<?> model(String apiVersion, String kind) {
		int slash = apiVersion.indexOf('/');
		String group = (slash < 0) ? "" : apiVersion.substring(0, slash);
		String version = (slash < 0) ? apiVersion : apiVersion.substring(slash + 1);
		Class<?> api = load(APIS + groupPrefix(group) + capitalize(version) + "Api");
		if (api != null) {
			for (Method method : api.getMethods()) {
				if (method.getName().equals("createNamespaced" + kind) || method.getName().equals("create" + kind)) {
					for (Class<?> parameter : method.getParameterTypes()) {
						if (parameter.getName().startsWith(MODELS)) {
							return parameter;
						}
					}
				}
			}
		}
		throw new IllegalArgumentException(
				"Kubernetes " + clientVersion() + " serves no kind " + kind + " in " + apiVersion);
	}

	/**
	 * "" → Core, "apps" → Apps, "networking.k8s.io" → Networking,
	 * "rbac.authorization.k8s.io" → RbacAuthorization.
	 */
	private static String groupPrefix(String group) {
		if (group.isEmpty()) {
			return "Core";
		}
		StringBuilder prefix = new StringBuilder();
		for (String part : group.replaceFirst("\\.k8s\\.io$", "").split("\\.")) {
			prefix.append(capitalize(part));
		}
		return prefix.toString();
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, KubernetesSchema.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

}
