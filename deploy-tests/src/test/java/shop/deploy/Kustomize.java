package shop.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a kustomization with the kubectl on the PATH ({@code kubectl kustomize},
 * offline, no cluster needed). The deploy checks are worthless without it, so a missing
 * kubectl fails every test that renders, loudly.
 */
final class Kustomize {

	/** The kustomization "kubectl apply -k k8s/" applies. */
	static final String BASE = "k8s";

	static final String PRODUCTION = "k8s/overlays/production";

	private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	static Manifests render(String directory) {
		return RENDERED.computeIfAbsent(directory, Kustomize::doRender);
	}

	private static Manifests doRender(String directory) {
		if (!Commands.onPath("kubectl")) {
			throw new AssertionError("kubectl is not on the PATH: the Kubernetes manifests cannot be rendered and "
					+ "checked. Install kubectl (v1.32 or newer, e.g. Debian's kubernetes-client or the official "
					+ "binary) and run the build again.");
		}
		Commands.Result result = Commands.run(Duration.ofMinutes(2), "kubectl", "kustomize", directory)
			.requireSuccess();
		List<Map<String, Object>> objects = Repository.yamlDocuments(result.out());
		if (objects.isEmpty()) {
			throw new AssertionError("kubectl kustomize " + directory + " rendered nothing");
		}
		return new Manifests(directory, objects);
	}

}
