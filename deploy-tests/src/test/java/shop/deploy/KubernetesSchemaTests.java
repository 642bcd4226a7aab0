package shop.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object that {@code kubectl kustomize} renders, base and production overlay,
 * validates strictly against the Kubernetes API schema; and the validator itself is shown
 * to be strict, so a green run means something.
 */
class KubernetesSchemaTests {

	static Stream<Arguments> renderedObjects() {
		List<Arguments> arguments = new ArrayList<>();
		for (String source : List.of(Kustomize.BASE, Kustomize.PRODUCTION)) {
			for (Map<String, Object> object : Kustomize.render(source).objects()) {
				arguments.add(Arguments.of(source, Manifests.describe(object), object));
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("renderedObjects")
	void renderedObjectIsValidForTheKubernetesApi(String source, String object, Map<String, Object> manifest) {
		assertThat(KubernetesSchema.violations(manifest)).as(object).isEmpty();
	}

	@Test
	void schemaIsACurrentKubernetesRelease() {
		// Each client-java major is generated from one Kubernetes minor; 27 serves APIs
		// that came with 1.35.
		int major = Integer.parseInt(KubernetesSchema.clientVersion().split("\\.")[0]);
		assertThat(major).isGreaterThanOrEqualTo(27);
		assertThat(KubernetesSchema.model("resource.k8s.io/v1", "ResourceClaim")).isNotNull();
	}

	@Test
	void acceptsAValidDeployment() {
		assertThat(KubernetesSchema.violations(deployment())).isEmpty();
	}

	@Test
	void rejectsAMisspelledField() {
		Map<String, Object> deployment = deployment();
		Map<String, Object> container = firstContainer(deployment);
		container.put("readinesProbe", container.remove("readinessProbe"));
		assertThat(KubernetesSchema.violations(deployment)).singleElement()
			.asString()
			.contains("readinesProbe")
			.contains("V1Container");
	}

	@Test
	void rejectsAnUnknownFieldDeepInsideAnObject() {
		Map<String, Object> deployment = deployment();
		Yamls.map(Yamls.at(firstContainer(deployment), "securityContext"), "securityContext")
			.put("readOnlyRootFileSystem", true);
		assertThat(KubernetesSchema.violations(deployment)).singleElement()
			.asString()
			.contains("readOnlyRootFileSystem");
	}

	@Test
	void rejectsAnUnknownTopLevelField() {
		Map<String, Object> deployment = deployment();
		deployment.put("spex", deployment.get("spec"));
		assertThat(KubernetesSchema.violations(deployment)).singleElement().asString().contains("spex");
	}

	@Test
	void rejectsAMissingRequiredField() {
		Map<String, Object> deployment = deployment();
		firstContainer(deployment).remove("name");
		assertThat(KubernetesSchema.violations(deployment)).singleElement().asString().contains("`name`");
	}

	@Test
	void rejectsAValueOfTheWrongType() {
		Map<String, Object> deployment = deployment();
		Map<String, Object> port = Yamls.map(Yamls.list(firstContainer(deployment).get("ports"), "ports").get(0),
				"port");
		port.put("containerPort", "eighty");
		assertThat(KubernetesSchema.violations(deployment)).hasSize(1);
	}

	@Test
	void rejectsAnApiVersionThatNoLongerServesTheKind() {
		Map<String, Object> deployment = deployment();
		deployment.put("apiVersion", "apps/v1beta1");
		assertThat(KubernetesSchema.violations(deployment)).singleElement()
			.asString()
			.contains("serves no kind Deployment in apps/v1beta1");
		Map<String, Object> autoscaler = new LinkedHashMap<>(Map.of("apiVersion", "autoscaling/v2beta2", "kind",
				"HorizontalPodAutoscaler", "metadata", Map.of("name", "x")));
		assertThat(KubernetesSchema.violations(autoscaler)).hasSize(1);
	}

	@Test
	void rejectsAKindInTheWrongApiGroup() {
		Map<String, Object> deployment = deployment();
		deployment.put("apiVersion", "networking.k8s.io/v1");
		assertThat(KubernetesSchema.violations(deployment)).singleElement()
			.asString()
			.contains("serves no kind Deployment in networking.k8s.io/v1");
	}

	/**
	 * A small valid Deployment, built from YAML like the real ones so that it goes
	 * through the same path.
	 */
	private static Map<String, Object> deployment() {
		return Repository.yamlDocuments("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: sample
				spec:
				  selector:
				    matchLabels: {app: sample}
				  template:
				    metadata:
				      labels: {app: sample}
				    spec:
				      containers:
				        - name: app
				          image: sample:1
				          ports:
				            - {name: http, containerPort: 8080}
				          readinessProbe:
				            httpGet: {path: /actuator/health/readiness, port: http}
				          resources:
				            limits: {cpu: "1", memory: 256Mi}
				          securityContext:
				            readOnlyRootFilesystem: true
				""").get(0);
	}

	private static Map<String, Object> firstContainer(Map<String, Object> deployment) {
		return Yamls.map(Yamls.listAt(deployment, "spec.template.spec.containers").get(0), "container");
	}

}
