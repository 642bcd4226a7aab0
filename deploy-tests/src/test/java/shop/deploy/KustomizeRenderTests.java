package shop.deploy;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl kustomize} renders both entry points, everything into the shop's own
 * namespace.
 */
class KustomizeRenderTests {

	@Test
	void kubectlIsRecentEnough() {
		String version = Commands.run(Duration.ofSeconds(30), "kubectl", "version", "--client").requireSuccess().out();
		Matcher matcher = Pattern.compile("Client Version: v1\\.(\\d+)").matcher(version);
		assertThat(matcher.find()).as(version).isTrue();
		assertThat(Integer.parseInt(matcher.group(1))).as("kubectl minor version").isGreaterThanOrEqualTo(32);
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void rendersEverythingIntoTheShopNamespace(String source) {
		Manifests manifests = Kustomize.render(source);
		assertThat(manifests.ofKind("Namespace")).singleElement()
			.satisfies((namespace) -> assertThat(Manifests.name(namespace)).isEqualTo("shop"));
		for (Map<String, Object> object : manifests.objects()) {
			if (!"Namespace".equals(object.get("kind"))) {
				assertThat(Yamls.stringAt(object, "metadata.namespace")).as(Manifests.describe(object))
					.isEqualTo("shop");
			}
			assertThat(Yamls.stringAt(object, "metadata.labels")).as(Manifests.describe(object))
				.contains("app.kubernetes.io/part-of=shop");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { Kustomize.BASE, Kustomize.PRODUCTION })
	void rendersTheAppsWithTheirServicesAutoscalersAndBudgets(String source) {
		Manifests manifests = Kustomize.render(source);
		for (String kind : new String[] { "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget" }) {
			for (String app : new String[] { "api-gateway", "user-service", "product-service", "order-service" }) {
				assertThat(manifests.find(kind, app)).as(source + ": " + kind + " " + app).isPresent();
			}
		}
	}

}
